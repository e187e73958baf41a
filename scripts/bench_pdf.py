"""How long laying out the seed's public table as PDF takes (WeasyPrint with the CJK subset).

A figure, not a test: run by `make bench` on an SQLite scratch database."""

import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
work = Path(tempfile.mkdtemp(prefix="duban-bench-pdf-"))
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
os.environ["DATABASE_URL"] = f"sqlite:///{work / 'db.sqlite3'}"

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

from duban.demo.load import demo_load  # noqa: E402
from duban.exports.renderers import pdf  # noqa: E402
from duban.publishing.models import Publication  # noqa: E402
from duban.publishing.selectors import printed_table  # noqa: E402

call_command("migrate", verbosity=0)
demo_load()
table = printed_table(publication=Publication.objects.latest("pk"))
timings = []
for _ in range(3):
    started = time.perf_counter()
    data = pdf.build_pdf(table)
    timings.append(time.perf_counter() - started)
print(
    f"seed table as PDF: {len(table.rows)} rows, {len(data) / 1024:.0f} KB, "
    f"best of 3 {min(timings):.2f} s, worst {max(timings):.2f} s"
)
