"""The status engine with the product's inputs: confirmed indicators and reported figures.

`rules.assess_row` reads targets and figures from the two texts. In the product the office may
have confirmed or corrected the targets (they then replace the extractor's reading) and the
department may have reported figures for them (they then report those targets instead of
whatever the progress text says). This module converts those inputs into the engine's `Target`s
and `Actual`s, pairs the figures with the targets by name, and calls the engine once; with no
indicators and no figures `suggest` gives exactly `assess_row`'s status and reasons. It also
holds the quantity helpers the review pages print and highlight with.

Pure: plain values in and out, no Django, no clock.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from .confidence import Confidence, judge_confidence
from .extraction import Actual, Target, extract
from .extraction.lexicon import key_similarity
from .extraction.numbers import PERCENT_UNITS, read_magnitude_and_unit
from .extraction.pairing import SAME_MEASURE_SIMILARITY, fit
from .extraction.quantities import read_text
from .rules import AssessmentSettings, JudgedFigure, Milestone, Status, assess_row


@dataclass(frozen=True)
class FigureInput:
    """A figure a department reported for an indicator, covering months first..last."""

    name: str
    value: float
    unit: str
    months: tuple[int, int]


@dataclass(frozen=True)
class IndicatorInput:
    """A target the office confirmed: value and unit as printed (16, 万人)."""

    name: str
    kind: str
    value: float
    unit: str = ""
    qualifier: str = ""
    source_text: str = ""


# --- Quantities: printed (16, 万人) ↔ the engine's base form (160000, 人) -------------------


def base_quantity(value: float, unit: str) -> tuple[float, str | None]:
    """16 万人 → (160000, 人); 290 亿元 → (2.9e10, 元); an unknown unit stays as written."""
    unit = unit.strip()
    if not unit:
        return value, None
    if unit in PERCENT_UNITS:
        return value, unit
    reading = read_magnitude_and_unit(unit, 0)
    if reading.unit is not None and reading.end == len(unit):
        return value * reading.multiplier, reading.unit
    if reading.unit is None and reading.end == len(unit):
        # A bare magnitude (万, 亿) with no unit after it.
        return value * reading.multiplier, None
    return value, unit


def printed_quantity(value: float, unit: str | None) -> tuple[Decimal, str]:
    """The inverse, as tables print it (format_quantity's rule): 160000 人 → (16, 万人)."""
    unit_text = unit or ""
    if unit in PERCENT_UNITS or unit == "倍":
        return _decimal(value), unit_text
    if abs(value) >= 10**8:
        return _decimal(value / 10**8), f"亿{unit_text}"
    if abs(value) >= 10**4 and value % 1 == 0:
        return _decimal(value / 10**4), f"万{unit_text}"
    return _decimal(value), unit_text


def _decimal(value: float) -> Decimal:
    # Round away binary noise (1.1095e10 / 1e8 = 110.94999…) at the model's four places, and
    # write it plainly (290, not 2.9E+2) for the form that shows it.
    return Decimal(format(Decimal(str(round(value, 4))).normalize(), "f"))


def _printed(value: float, unit: str) -> str:
    number = _decimal(value)
    return f"{number:f}{unit}"


# --- Highlighting ------------------------------------------------------------------------


def quantity_spans(text: str, *, with_targets: bool = True) -> list[tuple[int, int, bool]]:
    """Where `text` prints a quantity: (start, end, is a target) in the text's own offsets;
    targets are looked for only in a task text (`with_targets`).

    Offsets map back through the reader's normalisation (it drops spaces: 296.47 亿元)."""
    reading = read_text(text)
    source = reading.source
    target_starts = (
        {target.position for target in extract(text, "").targets} if with_targets else set()
    )
    spans: list[tuple[int, int, bool]] = []
    for mention in reading.mentions:
        if source.offsets is None:
            start, end = mention.start, mention.end
        else:
            start, end = source.offsets[mention.start], source.offsets[mention.end - 1] + 1
        spans.append((start, end, mention.start in target_starts))
    return spans


# --- Inputs as the engine reads them -------------------------------------------------------


# Qualifiers printed before the number (力争16万人) rather than after it (16万人以上).
_PRE_QUALIFIERS = frozenset(("力争", "确保", "累计", "不低于", "不少于", "不超过", "超过", "低于"))


def indicator_target(indicator: IndicatorInput, task_text: str) -> Target:
    """A confirmed indicator as the engine's `Target`; its text is written from the confirmed
    values (not the printed span), so a corrected value shows in the reasons."""
    value, unit = base_quantity(indicator.value, indicator.unit)
    qualifier = indicator.qualifier.strip()
    quantity = _printed(indicator.value, indicator.unit)
    if qualifier in _PRE_QUALIFIERS:
        text = f"{indicator.name}{qualifier}{quantity}"
    else:
        text = f"{indicator.name}{quantity}{qualifier}"
    position = task_text.find(indicator.source_text) if indicator.source_text else -1
    return Target(
        text=text,
        value=value,
        unit=unit,
        kind=indicator.kind,
        qualifier=qualifier or None,
        key=indicator.name,
        position=max(position, 0),
    )


def _figure_kind(target: Target, unit: str | None) -> str:
    if target.kind == "amount":
        # 完成率48.6%: a share of the year's target reported for an amount.
        percent_target = target.unit in PERCENT_UNITS
        return "completion" if unit in PERCENT_UNITS and not percent_target else "amount"
    if target.kind in ("growth", "reduction", "rank"):
        return target.kind
    return "level"


def _figure_actual(figure: FigureInput, target: Target, index: int) -> Actual:
    value, unit = base_quantity(figure.value, figure.unit)
    first, last = figure.months
    months_text = f"{last}月" if first == last else f"{first}-{last}月"
    return Actual(
        text=f"报送数据:{months_text}{figure.name}{_printed(figure.value, figure.unit)}",
        value=value,
        unit=unit,
        kind=_figure_kind(target, unit),
        months=figure.months,
        key=figure.name,
        # Distinct per figure: the stretch-target test compares positions.
        position=-1 - index,
    )


def _same_name(first: str, second: str) -> bool:
    return "".join(first.split()) == "".join(second.split())


def pair_figures(
    targets: Sequence[Target], figures: Sequence[FigureInput], as_of_month: int
) -> tuple[dict[int, Actual], list[FigureInput]]:
    """Reported figures matched to targets by name: the same name, else a name that reads as
    the same measure (城镇就业 ↔ 新增城镇就业); the one covering the period's last month wins.
    Returns the figure per target index and the figures no target took."""
    chosen: dict[int, Actual] = {}
    used: set[int] = set()
    for target_index, target in enumerate(targets):
        best: tuple[float, int] | None = None
        for figure_index, figure in enumerate(figures):
            similarity = (
                1.0
                if _same_name(target.key, figure.name)
                else key_similarity(target.key, figure.name)
            )
            if similarity < SAME_MEASURE_SIMILARITY:
                continue
            if fit(target, _figure_actual(figure, target, figure_index)) is None:
                continue
            score = similarity + (0.01 if figure.months[1] == as_of_month else 0.0)
            if best is None or score > best[0]:
                best = (score, figure_index)
        if best is not None:
            figure_index = best[1]
            chosen[target_index] = _figure_actual(figures[figure_index], target, figure_index)
            used.add(figure_index)
    return chosen, [figure for index, figure in enumerate(figures) if index not in used]


# --- The suggestion --------------------------------------------------------------------------


@dataclass(frozen=True)
class Suggestion:
    """The suggested status of one task for one period, its reasons and judged figures."""

    status: Status
    reasons: list[str]
    targets: list[Target]
    figures: list[JudgedFigure]
    used_indicators: bool
    confidence: Confidence | None = None


def suggest(
    task_text: str,
    progress_text: str,
    as_of: date,
    settings: AssessmentSettings | None = None,
    *,
    indicators: Sequence[IndicatorInput] | None = None,
    figures: Sequence[FigureInput] = (),
    milestones: Sequence[Milestone] = (),
    self_assessed: Status | None = None,
) -> Suggestion:
    """Suggest a status for one task in one period (see the module docstring).

    `indicators` None means the office has not reviewed the task's targets (the extractor's
    reading stands); an empty sequence means it confirmed the task has none.
    """
    targets: list[Target] | None = None
    if indicators is not None:
        targets = [indicator_target(indicator, task_text) for indicator in indicators]
    elif figures:
        # Reported figures pair with the extractor's targets.
        targets = extract(task_text, "").targets
    reported, unmatched = pair_figures(targets or [], figures, as_of.month)
    assessment = assess_row(
        task_text,
        progress_text,
        as_of,
        settings,
        milestones=milestones,
        self_assessed=self_assessed,
        targets=targets,
        reported=reported,
        unmatched_reports=[figure.name for figure in unmatched],
    )
    return Suggestion(
        assessment.status,
        assessment.reasons,
        assessment.targets,
        assessment.figures,
        used_indicators=indicators is not None,
        confidence=judge_confidence(assessment, settings or AssessmentSettings()),
    )
