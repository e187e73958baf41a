"""Throughput of the pure assessment (extract + pair + status) on one core.

Runs `assess_row` over 10,000 rows — the seed labels' rows repeated — and prints rows/s. The
word caches are cleared before each pass over the seed, so repeated rows cost what new rows
of the same length would. Usage: `.venv/bin/python scripts/bench_assess.py [--rows N]
[--labels PATH]`. Exits 1 below the 1,000 rows/s floor.
"""

import argparse
import json
import sys
import time
from datetime import date
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))

from duban.assessment.extraction import lexicon  # noqa: E402 - after the path set-up
from duban.assessment.rules import AssessmentSettings, assess_row  # noqa: E402

DEFAULT_LABELS = REPO_ROOT / "duban" / "assessment" / "tests" / "fixtures" / "seed-labels.jsonl"
FLOOR_ROWS_PER_SECOND = 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--labels", type=Path, default=DEFAULT_LABELS)
    options = parser.parse_args()
    seed = [
        (row["task"], row["progress"], date.fromisoformat(row["as_of"]))
        for row in map(json.loads, options.labels.read_text(encoding="utf-8").splitlines())
    ]
    settings = AssessmentSettings()
    assess_row(*seed[0], settings)  # compile-time work out of the measurement
    done = 0
    started = time.perf_counter()
    while done < options.rows:
        lexicon.measure_key.cache_clear()
        lexicon.clear_gram_cache()
        for task, progress, as_of in seed[: options.rows - done]:
            assess_row(task, progress, as_of, settings)
        done += min(len(seed), options.rows - done)
    elapsed = time.perf_counter() - started
    rate = done / elapsed
    print(f"{done} rows in {elapsed:.2f} s: {rate:,.0f} rows/s (floor {FLOOR_ROWS_PER_SECOND})")
    return 0 if rate >= FLOOR_ROWS_PER_SECOND else 1


if __name__ == "__main__":
    sys.exit(main())
