"""Time the seed import (read → check → write) into an empty database; prints the figures.

Run with the database to measure in DATABASE_URL (make bench uses a scratch database). Each
round imports into a fresh plan year so the writes are real inserts, not no-op updates.
"""

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")

import django  # noqa: E402

django.setup()

import datetime  # noqa: E402

from django.core.management import call_command  # noqa: E402

from duban.core.audit import SYSTEM  # noqa: E402
from duban.reporting.progress_table.driver import progress_table_load  # noqa: E402

SEED = ROOT / "duban" / "demo" / "data" / "jiaxing-2021-h1.txt"
ROUNDS = 5
GOAL_SECONDS = 2.0


def main() -> None:
    call_command("migrate", verbosity=0)
    data = SEED.read_bytes()
    timings = []
    for round_number in range(ROUNDS):
        year = 3000 + round_number + int(time.time()) % 1000 * 10
        started = time.perf_counter()
        outcome = progress_table_load(
            name=SEED.name,
            data=data,
            government=f"基准市{year}",
            year=year,
            period="上半年",
            as_of=datetime.date(2021, 6, 30),
            actor=SYSTEM,
        )
        timings.append(time.perf_counter() - started)
        if not outcome.applied:
            raise SystemExit(f"import did not apply: {outcome.summary()['problems']}")
    median = statistics.median(timings)
    print(
        f"seed import (100 rows, empty tree → founded): median {median:.3f} s, "
        f"max {max(timings):.3f} s over {ROUNDS} runs (goal < {GOAL_SECONDS:.1f} s)"
    )


if __name__ == "__main__":
    main()
