"""Quantities in Chinese task and progress texts: targets, reported figures and their pairing.

Pure Python (no Django): `extract(task, progress, as_of_month, year)` reads both texts and pairs
each target with the figure that reports it.
"""

from dataclasses import dataclass

from .actuals import Actual, actuals_from_reading
from .pairing import Pair, pair_targets
from .quantities import read_text
from .targets import Target, targets_from_reading


@dataclass(frozen=True)
class Extraction:
    """What the extractor read from one row."""

    targets: list[Target]
    actuals: list[Actual]
    pairs: list[Pair]


def extract(
    task_text: str, progress_text: str, as_of_month: int | None = None, year: int | None = None
) -> Extraction:
    """Targets of `task_text`, figures of `progress_text` and their pairs (never raises)."""
    targets = targets_from_reading(read_text(task_text))
    actuals = actuals_from_reading(read_text(progress_text), year)
    return Extraction(targets, actuals, pair_targets(targets, actuals, as_of_month))


__all__ = ["Actual", "Extraction", "Pair", "Target", "extract"]
