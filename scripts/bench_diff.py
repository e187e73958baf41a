"""Time of the version diff (`reporting.diff`) and of 本期变化's comparison on long texts.

Two versions of 12,000 and of 30,000 characters, built from the seed's progress paragraphs
(the newer one with figures changed, paragraphs dropped and added), plus the worst cases the
character diff used to hit: the same characters in another order, and one character repeated.
Prints seconds; usage: `.venv/bin/python scripts/bench_diff.py`.
"""

import os
import random
import sys
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
import django  # noqa: E402 - after the path set-up

django.setup()

from duban.dashboards.changes import change_flag  # noqa: E402
from duban.reporting.diff import similarity, text_diff  # noqa: E402

SEED = REPO_ROOT / "duban" / "reporting" / "tests" / "fixtures" / "jiaxing-2021-h1.txt"


def _versions(length: int, rng: random.Random) -> tuple[str, str]:
    paragraphs = [line for line in SEED.read_text(encoding="utf-8").splitlines() if len(line) > 30]
    old: list[str] = []
    while sum(map(len, old)) < length:
        old.append(rng.choice(paragraphs))
    new = []
    for paragraph in old:
        roll = rng.random()
        if roll < 0.05:
            continue  # dropped
        if roll < 0.25:
            paragraph = "".join(str(rng.randint(0, 9)) if c.isdigit() else c for c in paragraph)
        new.append(paragraph)
        if roll > 0.95:
            new.append(rng.choice(paragraphs))  # added
    return "\n".join(old)[:length], "\n".join(new)[:length]


def _time(label: str, old: str, new: str) -> None:
    started = time.perf_counter()
    segments = text_diff(old, new)
    diffed = time.perf_counter() - started
    started = time.perf_counter()
    similarity(old, new)
    change_flag(old, new, 0.9)
    flagged = time.perf_counter() - started
    print(
        f"{label}: diff {diffed:.3f} s ({len(segments)} segments), "
        f"similarity + 本期变化 flag {flagged:.3f} s"
    )


def main() -> None:
    rng = random.Random(11)  # noqa: S311 - the same texts on every run, not a secret
    for length in (12_000, 30_000):
        old, new = _versions(length, rng)
        _time(f"{length:,} characters, edited", old, new)
        shuffled = list(old)
        rng.shuffle(shuffled)
        _time(f"{length:,} characters, same characters reordered", old, "".join(shuffled))
        # The character diff's worst case: 86 s at 12,000 characters before the phrase diff.
        _time(
            f"{length:,} characters, one repeated, one changed",
            "好" * length,
            "好" * (length - 1) + "坏",
        )


if __name__ == "__main__":
    main()
