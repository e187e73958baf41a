"""The seed: the Jiaxing 2021 H1 progress page's text rendering, exactly as published.

It ships with the package (`data/`), so the demo and the tests read the same bytes.
"""

from pathlib import Path

from .jiaxing import JIAXING_NAME

SEED_FILE = Path(__file__).resolve().parent / "data" / "jiaxing-2021-h1.txt"
SEED_GOVERNMENT = JIAXING_NAME
SEED_YEAR = 2021
SEED_PERIOD = "上半年"
