"""The status engine with the product's inputs: confirmed indicators and reported figures.

`rules.assess_row` reads targets and figures from the two texts only. In the product the office
may have confirmed or corrected the targets (they then replace the extractor's reading) and the
department may have reported figures for them (they then report those targets instead of
whatever the progress text says). `suggest` runs the same judgement as `assess_row` over those
inputs and also returns every judged figure — completion, time share and gap — including the
ones read from a year plan stated in the progress text (task 1's 年内计划完成投资290亿元), which
`assess_row` reports in its reasons only.

Its flow mirrors `assess_row` step for step, and with no indicators and no figures it gives
exactly `assess_row`'s status and reasons: a test holds the two together over the seed and the
other governments' rows. The per-pair judgement, the stretch-target test and the number
formats are `rules`' own helpers, imported rather than copied. (A `targets=` / `actuals=` hook
on `assess_row` returning its judged figures would let this module shrink to a call.)

Pure: plain values in and out, no Django, no clock.
"""

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from typing import Any

from .extraction import Actual, Target, extract
from .extraction.lexicon import key_similarity
from .extraction.numbers import PERCENT_UNITS, format_quantity, read_magnitude_and_unit
from .extraction.pairing import SAME_MEASURE_SIMILARITY, Pair, fit, pair_targets
from .extraction.quantities import read_text
from .rules import (
    _ON_TRACK_OR_BETTER,
    AssessmentSettings,
    Milestone,
    PairAssessment,
    Status,
    _assess_pair,
    _is_stretch,
    _percent,
    _period_label,
    _points,
    combine,
    judge_completion,
    judge_milestones,
    schedule_statements,
    status_from_gap,
    time_share,
)


@dataclass(frozen=True)
class IndicatorInput:
    """A target the office confirmed: value and unit as printed (16, 万人)."""

    name: str
    kind: str
    value: float
    unit: str = ""
    qualifier: str = ""
    source_text: str = ""


@dataclass(frozen=True)
class FigureInput:
    """A figure a department reported for an indicator, covering months first..last."""

    name: str
    value: float
    unit: str
    months: tuple[int, int]


@dataclass(frozen=True)
class JudgedFigure:
    """One figure judged against a target or a stated year plan (percentages as 38.3)."""

    target: str
    actual: str
    months: tuple[int, int] | None
    completion: float | None
    time_share: float | None
    gap_pp: float | None
    status: Status
    counted: bool
    source: str  # "text" (progress text), "figure" (报送数据) or "plan" (年度计划 in the text)
    # What the gap counts: percentage points against the schedule or a target rate, a
    # relative shortfall in % for a level of things (出口名牌企业113家 against 120家), 位 for ranks.
    gap_unit: str = "个百分点"

    def as_record(self) -> dict[str, Any]:
        """The JSON form kept on `StatusAssessment.pairs`."""
        return {
            "target": self.target,
            "actual": self.actual,
            "months": list(self.months) if self.months else None,
            "completion": self.completion,
            "time_share": self.time_share,
            "gap_pp": self.gap_pp,
            "status": str(self.status),
            "counted": self.counted,
            "source": self.source,
            "gap_unit": self.gap_unit,
        }


@dataclass(frozen=True)
class Suggestion:
    """The suggested status of one task for one period, its reasons and judged figures."""

    status: Status
    reasons: list[str]
    targets: list[Target]
    figures: list[JudgedFigure]
    used_indicators: bool


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


def _gap_unit(target: Target) -> str:
    if target.kind == "rank":
        return "位"
    if target.kind in ("level", "ceiling") and target.unit not in PERCENT_UNITS:
        return "%"
    return "个百分点"


def _judged_pair(pair: PairAssessment, counted: bool, source: str) -> JudgedFigure:
    return JudgedFigure(
        target=pair.target.text,
        actual=pair.actual.text,
        months=pair.months,
        completion=pair.completion,
        time_share=pair.time_share,
        gap_pp=pair.gap_pp,
        status=pair.status,
        counted=counted,
        source=source,
        gap_unit=_gap_unit(pair.target),
    )


def progress_evidence(
    actuals: Sequence[Actual], as_of: date, settings: AssessmentSettings
) -> list[tuple[Status, str, JudgedFigure | None]]:
    """Schedule evidence in the progress text alone (as `rules` reads it), with its figures: a
    year plan beside its progress (年内计划完成投资290亿元,1-6月完成投资110.95亿元), a printed
    completion share, a stated gap against the schedule."""
    evidence: list[tuple[Status, str, JudgedFigure | None]] = []
    used: set[int] = set()
    for plan_index, plan in enumerate(actuals):
        if not plan.plan or plan.kind != "amount" or not plan.value:
            continue
        for index, actual in enumerate(actuals):
            if (
                index in used
                or not actual.reportable
                or actual.kind != "amount"
                or actual.unit != plan.unit
                or abs(index - plan_index) > 2
                or key_similarity(plan.key, actual.key) < 0.3
            ):
                continue
            used.add(index)
            share = time_share(actual.months, as_of)
            completion = actual.value / plan.value
            status, gap = judge_completion(completion, share, settings)
            reason = (
                f"进展情况所列年度计划{plan.text};"
                f"{_period_label(actual.months, as_of)}完成"
                f"{format_quantity(actual.value, actual.unit)},完成"
                f"{_percent(completion * 100)},序时进度{_percent(share * 100)},"
                f"{'落后' if gap > 0 else '超出'}{_points(gap)} → {settings.name(status)}"
            )
            figure = JudgedFigure(
                target=plan.text,
                actual=actual.text,
                months=actual.months,
                completion=round(completion * 100, 1),
                time_share=round(share * 100, 1),
                gap_pp=round(gap, 1),
                status=status,
                counted=True,
                source="plan",
            )
            evidence.append((status, reason, figure))
            break
    for actual in actuals:
        if actual.kind == "completion" and actual.reportable and actual.restates not in used:
            share = time_share(actual.months, as_of)
            status, gap = judge_completion(actual.value / 100, share, settings)
            reason = (
                f"进展情况所列“{actual.text}”,序时进度{_percent(share * 100)},"
                f"{'落后' if gap > 0 else '超出'}{_points(gap)} → {settings.name(status)}"
            )
            figure = JudgedFigure(
                target="",
                actual=actual.text,
                months=actual.months,
                completion=round(actual.value, 1),
                time_share=round(share * 100, 1),
                gap_pp=round(gap, 1),
                status=status,
                counted=True,
                source="text",
            )
            evidence.append((status, reason, figure))
        elif actual.kind == "gap" and actual.gap_reference == "schedule":
            gap = actual.value if actual.behind else -actual.value
            status = status_from_gap(gap, False, settings)
            evidence.append(
                (status, f"进展情况所列“{actual.text}” → {settings.name(status)}", None)
            )
    return evidence


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
    settings = settings or AssessmentSettings()
    extraction = extract(task_text, progress_text, as_of.month, as_of.year)
    used_indicators = indicators is not None
    targets = (
        extraction.targets
        if indicators is None
        else [indicator_target(indicator, task_text) for indicator in indicators]
    )
    from_figures, unused_figures = pair_figures(targets, figures, as_of.month)
    rest = [index for index in range(len(targets)) if index not in from_figures]
    raw_pairs = [Pair(index, actual, 1.0) for index, actual in from_figures.items()]
    raw_pairs += [
        replace(pair, target_index=rest[pair.target_index])
        for pair in pair_targets(
            [targets[index] for index in rest], extraction.actuals, as_of.month
        )
    ]
    raw_pairs.sort(key=lambda pair: pair.target_index)
    pairs = [
        _assess_pair(pair.target_index, targets[pair.target_index], pair.actual, as_of, settings)
        for pair in raw_pairs
    ]
    stretch = {pair.target_index for pair in pairs if _is_stretch(pair, pairs)}
    reasons: list[str] = []
    judged: list[JudgedFigure] = []
    for pair in pairs:
        source = "figure" if pair.target_index in from_figures else "text"
        reason = pair.reason + ("(据报送数据)" if source == "figure" else "")
        if pair.target_index in stretch:
            reason += "(力争目标,不计入综合判断)"
        reasons.append(reason)
        judged.append(_judged_pair(pair, pair.target_index not in stretch, source))
    items = [pair.status for pair in pairs if pair.target_index not in stretch]
    paired = {pair.target_index for pair in pairs}
    for index, target in enumerate(targets):
        if index not in paired:
            reasons.append(f"目标{target.text}:进展情况未报告可比数据")
    reasons.extend(f"报送数据“{figure.name}”未对应任何指标,未采用" for figure in unused_figures)
    if not items:
        for status, reason, figure in progress_evidence(extraction.actuals, as_of, settings):
            items.append(status)
            reasons.append(reason)
            if figure is not None:
                judged.append(figure)
    statements = schedule_statements(progress_text) if settings.read_schedule_statements else []
    behind_statements = [s for s in statements if s.status in (Status.BEHIND, Status.NOT_STARTED)]
    if behind_statements and not any(status not in _ON_TRACK_OR_BETTER for status in items):
        # The text says it is behind though no figure shows it: believe the text.
        statement = behind_statements[0]
        items.append(statement.status)
        reasons.append(f"进展情况自述“{statement.text}” → {settings.name(statement.status)}")
    elif not items and statements:
        statement = statements[0]
        items.append(statement.status)
        reasons.append(f"进展情况自述“{statement.text}” → {settings.name(statement.status)}")

    def done(status: Status) -> Suggestion:
        return Suggestion(status, reasons, targets, judged, used_indicators)

    if items:
        status = combine(items)
        if len(items) > 1:
            behind = sum(1 for item in items if item not in _ON_TRACK_OR_BETTER)
            reasons.append(
                f"综合{len(items)}项:{len(items) - behind}项按时推进或更好、{behind}项滞后"
                f" → {settings.name(status)}"
            )
        return done(status)
    milestone_verdict = judge_milestones(milestones, as_of)
    if milestone_verdict is not None:
        status, detail = milestone_verdict
        reasons.append(f"无可比数据,按节点计划:{detail} → {settings.name(status)}")
        return done(status)
    if self_assessed is not None:
        reasons.append(f"无可比数据和节点计划,采用部门自评:{settings.name(self_assessed)}")
        return done(self_assessed)
    not_assessable = settings.name(Status.NOT_ASSESSABLE)
    if targets:
        reasons.append(f"进展情况未报告目标的可比数据,也无节点计划和部门自评 → {not_assessable}")
    else:
        reasons.append(
            f"任务无量化目标,进展情况无可比数据或序时判断,也无节点计划和部门自评 → {not_assessable}"
        )
    return done(Status.NOT_ASSESSABLE)
