"""Peak memory of reading each hostile table file (printed, never asserted)."""

import os
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django

django.setup()

from duban.imports.readers import ReadError, read_table  # noqa: E402
from duban.imports.tests import hostile  # noqa: E402
from duban.orgs.selectors import DepartmentDirectory  # noqa: E402
from duban.reporting.progress_table.columns import table_hints  # noqa: E402

hints = table_hints(DepartmentDirectory(government=None))
for label, (name, build) in hostile.HOSTILE.items():
    data = build()
    tracemalloc.start()
    started = time.perf_counter()
    try:
        read_table(name, data, hints)
        outcome = "read"
    except ReadError as error:
        outcome = f"refused: {error}"
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    elapsed = time.perf_counter() - started
    print(
        f"{label:32} {len(data) / 1024:6.1f} KB  peak {peak / 2**20:6.1f} MB  "
        f"{elapsed * 1000:6.0f} ms  {outcome}"
    )
