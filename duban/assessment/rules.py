"""The status engine: from a task text, its progress text and the period's as-of date to a
suggested status with reasons a reviewer can check at a glance.

Pure: dataclasses in, dataclasses out, no Django, no clock (the as-of date is passed in).
Rules follow DESIGN.md "Status" and domain-practice §6 F (20–29):

- amount targets: completion R = actual / target against the time share T = months / 12 of
  the figure's own month range (or the as-of date); gap = T − R in percentage points;
- growth / reduction targets: actual rate g against the target rate G, gap = G − g;
- level / ceiling targets: the actual level against the target level directly;
- AHEAD if R ≥ ratio·T (g ≥ ratio·G), ON_TRACK if R ≥ T, PARTLY_BEHIND up to a gap of
  `partly_behind_max_gap_pp`, BEHIND beyond — thresholds come from `AssessmentSettings`;
- several indicators combine by F.26; without figures the progress text's own schedule
  statements (低于序时进度, 达到序时进度…), then milestones (F.25), then the department's
  self-assessment decide; otherwise NOT_ASSESSABLE with a reason.

`assess_row` reads the targets and figures from the two texts; the product may hand it the
targets instead (the office's confirmed indicators) and figures reported outside the progress
text, already matched to those targets (`suggestion` converts the product's inputs). Either way
the result carries every judged figure — completion, time share, gap — including those of a year
plan stated in the progress text.
"""

import calendar
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from types import MappingProxyType
from typing import Any

from duban.assessment import levels
from duban.assessment.claims import COMPLETED as COMPLETED_CLAIM
from duban.assessment.claims import stated_claims
from duban.assessment.extraction import Actual, Pair, Target, extract
from duban.assessment.extraction.lexicon import key_similarity
from duban.assessment.extraction.numbers import PERCENT_UNITS, format_quantity
from duban.assessment.extraction.pairing import pair_targets
from duban.assessment.parts import pairs_with_summed_parts
from duban.assessment.stages import pairs_of_the_same_stage
from duban.core.status_codes import STATUS_NAMES, StatusCode

# The canonical statuses: core's one vocabulary (pure), under the name this module reads by.
Status = StatusCode

# Best to worst: the order F.26 takes "the worst of them" in.
_ORDER: dict[Status, int] = {
    Status.COMPLETED: 0,
    Status.AHEAD: 1,
    Status.ON_TRACK: 2,
    Status.PARTLY_BEHIND: 3,
    Status.BEHIND: 4,
    Status.NOT_STARTED: 5,
}
_ON_TRACK_OR_BETTER = frozenset((Status.COMPLETED, Status.AHEAD, Status.ON_TRACK))

DEFAULT_STATUS_NAMES: Mapping[str, str] = STATUS_NAMES


@dataclass(frozen=True)
class AssessmentSettings:
    """A plan's thresholds (DESIGN.md defaults; domain-practice §6 F.24)."""

    # AHEAD when R ≥ ahead_ratio · T (or g ≥ ahead_ratio · G).
    ahead_ratio: float = 1.10
    # PARTLY_BEHIND while the gap is at most this many percentage points; BEHIND beyond.
    partly_behind_max_gap_pp: float = 30.0
    # Gaps below this many points still count as ON_TRACK (Xuancheng-strict default 0).
    tolerance_pp: float = 0.0
    # The same for growth and reduction rates, whose points weigh more (0.5 points of GDP
    # growth is not 0.5 points of a year's share); default 0 as above.
    rate_tolerance_pp: float = 0.0
    # R at or above this suggests COMPLETED; None when the plan's vocabulary has no such label.
    completed_at: float | None = None
    # Read 低于序时进度 / 达到序时进度 in the progress text as evidence.
    read_schedule_statements: bool = True
    status_names: Mapping[str, str] = field(default_factory=lambda: DEFAULT_STATUS_NAMES)

    def name(self, status: Status) -> str:
        """The Chinese name of `status` used in reasons."""
        return self.status_names.get(status, DEFAULT_STATUS_NAMES[status])


PROFILE_SETTINGS: Mapping[str, AssessmentSettings] = MappingProxyType(
    {
        # Jiaxing prints no 已完成: a target reached mid-year reads as 进度较快.
        "jiaxing": AssessmentSettings(),
        "standard": AssessmentSettings(completed_at=1.0),
    }
)


@dataclass(frozen=True)
class Milestone:
    """A planned step of a qualitative task (季度形象进度), due by the end of `due_month`."""

    due_month: int
    done: bool
    title: str = ""


@dataclass(frozen=True)
class PairAssessment:
    """One target, the figure that reports it, and what they say about the schedule."""

    target_index: int
    target: Target
    actual: Actual
    months: tuple[int, int] | None
    completion: float | None
    time_share: float | None
    gap_pp: float | None
    status: Status
    reason: str


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


DECIDED_BY_FIGURES = "figures"
DECIDED_BY_STATEMENT = "statement"
DECIDED_BY_MILESTONES = "milestones"
DECIDED_BY_SELF = "self"


@dataclass(frozen=True)
class Assessment:
    """The suggested status of one task for one period, with its evidence."""

    targets: list[Target]
    pairs: list[PairAssessment]
    status: Status
    reasons: list[str]
    # Every judged figure: one per pair, in pair order, then those the progress text judges
    # by itself (a year plan beside its progress, a printed completion share).
    figures: list[JudgedFigure] = field(default_factory=list)
    # What decided the status: figures (arithmetic), a statement of the text, the milestones,
    # the department's self-assessment, or "" (nothing: NOT_ASSESSABLE).
    decided_by: str = ""


def month_position(as_of: date) -> float:
    """How many months of the year `as_of` closes: 2021-06-30 → 6.0, 2021-06-15 → 5.5."""
    days_in_month = calendar.monthrange(as_of.year, as_of.month)[1]
    return as_of.month - 1 + as_of.day / days_in_month


def time_share(months: tuple[int, int] | None, as_of: date) -> float:
    """T: the share of the year a figure covers (1-6月 → 0.5), else the as-of date's."""
    if months is not None:
        first, last = months
        return (last - first + 1) / 12
    return month_position(as_of) / 12


def _percent(value: float) -> str:
    return f"{value:.1f}%"


def _points(value: float) -> str:
    return f"{abs(value):.1f}个百分点"


def _period_label(months: tuple[int, int] | None, as_of: date) -> str:
    if months is None:
        return f"截至{as_of.month}月{as_of.day}日"
    first, last = months
    return f"{last}月" if first == last else f"{first}-{last}月"


# Boundaries are inclusive; this absorbs binary rounding (1.10 × 0.5 is 0.55000000000000004).
_EPSILON = 1e-9


def status_from_gap(
    gap_pp: float, ahead: bool, settings: AssessmentSettings, tolerance: float | None = None
) -> Status:
    """The status for a gap in percentage points (positive = behind schedule); `tolerance`
    replaces the plan's `tolerance_pp` (growth rates have their own)."""
    if ahead:
        return Status.AHEAD
    tolerance = settings.tolerance_pp if tolerance is None else tolerance
    if gap_pp <= _EPSILON or gap_pp < tolerance - _EPSILON:
        return Status.ON_TRACK
    if gap_pp <= settings.partly_behind_max_gap_pp + _EPSILON:
        return Status.PARTLY_BEHIND
    return Status.BEHIND


def judge_completion(
    completion: float, share: float, settings: AssessmentSettings
) -> tuple[Status, float]:
    """Status and gap (pp) for a completion R against a time share T (both fractions)."""
    gap_pp = (share - completion) * 100
    if settings.completed_at is not None and completion >= settings.completed_at - _EPSILON:
        return Status.COMPLETED, gap_pp
    ahead = completion >= settings.ahead_ratio * share - _EPSILON
    return status_from_gap(gap_pp, ahead, settings), gap_pp


def judge_rate(actual: float, target: float, settings: AssessmentSettings) -> tuple[Status, float]:
    """Status and gap (pp) for an actual growth (or cut) against the target rate."""
    gap_pp = target - actual
    ahead = (
        actual > target and actual >= target + abs(target) * (settings.ahead_ratio - 1) - _EPSILON
    )
    return status_from_gap(gap_pp, ahead, settings, settings.rate_tolerance_pp), gap_pp


def band_note(
    status: Status, gap: float | None, unit: str, settings: AssessmentSettings, rate: bool = False
) -> str:
    """The band of the plan's 研判规则 a behind-or-tolerated gap fell in, for the reason:
    (容差2.0个百分点内视为按时推进) or (部分滞后区间:落后0.0–30.0个百分点)."""
    if gap is None or gap <= _EPSILON:
        return ""
    tolerance = settings.rate_tolerance_pp if rate else settings.tolerance_pp
    widest = settings.partly_behind_max_gap_pp
    if status == Status.ON_TRACK:
        return f"(容差{tolerance:g}{unit}内)"
    if status == Status.PARTLY_BEHIND:
        return f"({settings.name(status)}区间{tolerance:g}–{widest:g}{unit})"
    if status == Status.BEHIND:
        return f"(超过{widest:g}{unit}为{settings.name(status)})"
    return ""


def judge_level(
    actual: float, target: float, percent: bool, settings: AssessmentSettings
) -> tuple[Status, float]:
    """A level to reach: points short for percentages, else the relative shortfall in %."""
    gap = target - actual if percent or target == 0 else (1 - actual / target) * 100
    ahead = actual > target and actual >= target * settings.ahead_ratio - _EPSILON
    return status_from_gap(gap, ahead, settings), gap


def judge_ceiling(
    actual: float, ceiling: float, percent: bool, settings: AssessmentSettings
) -> tuple[Status, float]:
    """A bound not to exceed: points over for percentages, else the relative excess in %."""
    gap = actual - ceiling if percent or ceiling == 0 else (actual / ceiling - 1) * 100
    ahead = actual < ceiling and actual * settings.ahead_ratio <= ceiling + _EPSILON
    return status_from_gap(gap, ahead, settings), gap


@dataclass(frozen=True)
class _RowContext:
    """What a pair's judgement may read beyond its two figures: the texts (for a starting
    level) and the progress text's other figures (for a forecast)."""

    texts: tuple[str, ...] = ()
    actuals: Sequence[Actual] = ()


def _judge_level_pair(
    target: Target,
    actual: Actual,
    as_of: date,
    settings: AssessmentSettings,
    context: _RowContext,
) -> tuple[Status, float | None, str]:
    """A level target: directly when reached, held all year or at year end; else against the
    path from its starting level, or by the forecast, or left to year end (levels.py)."""
    period = _period_label(actual.months, as_of)
    percent = target.unit in PERCENT_UNITS
    month = actual.months[1] if actual.months else month_position(as_of)
    reported = f"{period}实际{format_quantity(actual.value, actual.unit)}"
    gap_word = "个百分点" if percent else "%"
    direct = actual.value >= target.value or month >= 12 - _EPSILON
    if target.kind != "level" or direct or levels.is_held_level(target):
        status, gap = judge_level(actual.value, target.value, percent, settings)
        shortfall = _points(gap) if percent else _percent(abs(gap))
        verdict = f"低于目标{shortfall}" if gap > 0 else "已达到目标"
        return (
            status,
            gap,
            f"{reported},{verdict}{band_note(status, gap, gap_word, settings)}",
        )
    start = levels.starting_level(target, actual, context.texts, as_of.year)
    if start is not None:
        path = levels.level_path(target, start, month)
        expected = format_quantity(path.expected, target.unit)
        status, gap = judge_level(actual.value, path.expected, percent, settings)
        shortfall = _points(gap) if percent else _percent(abs(gap))
        verdict = f"低于路径{shortfall}" if gap > 0 else "不低于路径"
        return (
            status,
            gap,
            (
                f"{reported};起始水平“{start.text}”,按起始水平到目标的全年路径,"
                f"{_month_text(month)}应达{expected},{verdict}"
                f"{band_note(status, gap, gap_word, settings)}"
            ),
        )
    forecast = levels.forecast_for(target, list(context.actuals))
    if forecast is not None:
        status, gap = judge_level(forecast.value, target.value, percent, settings)
        verdict = "低于目标" if gap > 0 else "达到目标"
        return (
            status,
            gap,
            (
                f"{reported};年末水平目标,按部门预计“{forecast.text}”判断,{verdict}"
                f"{band_note(status, gap, gap_word, settings)}"
            ),
        )
    return Status.ON_TRACK, None, f"{reported};{LEVEL_AT_YEAR_END}"


# A level to reach by year end with no starting level or forecast: not called behind mid-year.
LEVEL_AT_YEAR_END = "年末水平目标,未说明起始水平和预计,按年末水平判断,暂不判定滞后"


def _month_text(month: float) -> str:
    return f"{month:g}月" if month == int(month) else f"{month:.1f}月"


def _assess_pair(
    target_index: int,
    target: Target,
    actual: Actual,
    as_of: date,
    settings: AssessmentSettings,
    context: _RowContext | None = None,
) -> PairAssessment:
    context = context or _RowContext()
    months = actual.months
    period = _period_label(months, as_of)
    percent = target.unit in PERCENT_UNITS
    gap: float | None
    completion: float | None = None
    share: float | None = None
    head = f"目标{target.text}"
    if target.kind == "amount":
        if actual.kind == "completion":
            completion = actual.value / 100
            figure = f"{period}完成率{_percent(actual.value)}"
        else:
            completion = actual.value / target.value if target.value else 0.0
            figure = f"{period}完成{format_quantity(actual.value, actual.unit)}"
        share = time_share(months, as_of)
        status, gap = judge_completion(completion, share, settings)
        direction = "落后" if gap > 0 else "超出"
        detail = (
            f"{figure},完成{_percent(completion * 100)},序时进度{_percent(share * 100)},"
            f"{direction}{_points(gap)}{band_note(status, gap, '个百分点', settings)}"
        )
    elif target.kind in ("growth", "reduction"):
        verb = "增长" if target.kind == "growth" else "下降"
        status, gap = judge_rate(actual.value, target.value, settings)
        direction = "低于" if gap > 0 else "高于"
        detail = (
            f"{period}实际{verb}{format_quantity(actual.value, actual.unit)},"
            f"{direction}目标{_points(gap)}{band_note(status, gap, '个百分点', settings, True)}"
        )
    elif target.kind == "ceiling":
        status, gap = judge_ceiling(actual.value, target.value, percent, settings)
        excess = f"{_points(gap)}" if percent else _percent(abs(gap))
        verdict = f"超出上限{excess}" if gap > 0 else "未超过上限"
        detail = f"{period}实际{format_quantity(actual.value, actual.unit)},{verdict}"
    elif target.kind == "rank":
        gap = actual.value - target.value
        status = Status.ON_TRACK if gap <= 0 else Status.PARTLY_BEHIND
        detail = f"{period}实际排名第{int(actual.value)}" + (
            "" if gap <= 0 else f",落后目标{int(gap)}位"
        )
    else:
        status, gap, detail = _judge_level_pair(target, actual, as_of, settings, context)
    reason = f"{head};{detail} → {settings.name(status)}"
    return PairAssessment(
        target_index=target_index,
        target=target,
        actual=actual,
        months=months,
        completion=None if completion is None else round(completion * 100, 1),
        time_share=None if share is None else round(share * 100, 1),
        gap_pp=None if gap is None else round(gap, 1),
        status=status,
        reason=reason,
    )


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


# What the progress text says of its own schedule. Negated forms come first: 未达到序时进度
# must not read as 达到序时进度.
_BEHIND_STATEMENT_RE = re.compile(
    r"(?:未|没有|没|尚未)(?:能)?达到?序时(?:进度|要求)?|低于序时(?:进度)?|慢于序时(?:进度)?"
    r"|落后于?序时(?:进度)?|滞后于?(?:序时|计划|预期)(?:进度)?|(?:进度|进展)(?:明显|有所|略有|相对|较为)?滞后"
    r"|欠进度|慢序时|推进缓慢|进展缓慢|未能按期|未按期|(?:严重|明显|较为|相对)滞后"
)
_AHEAD_STATEMENT_RE = re.compile(
    r"超序时(?:进度)?|快于序时(?:进度)?|高于序时(?:进度)?|超过序时(?:进度)?|超额完成"
    r"|提前完成(?:全年|年度)?(?:目标)?(?:任务)?"
)
_ON_TRACK_STATEMENT_RE = re.compile(r"达到序时(?:进度|要求)?|符合序时|按序时(?:进度)?推进|序时推进")
_NOT_STARTED_STATEMENT_RE = re.compile(r"尚未启动|尚未开工|尚未开展|未启动|未开工")
# Statements about other things: 对进度滞后的项目, 解决滞后问题.
_STATEMENT_ABOUT_OTHERS_RE = re.compile(r"^(?:的|问题|项目|单位|情况)")
_NEGATION_BEFORE_RE = re.compile(r"(?:无|不|未出现|没有|防止|避免|杜绝|解决|对)$")


@dataclass(frozen=True)
class _Statement:
    status: Status
    text: str


def schedule_statements(progress_text: str) -> list[_Statement]:
    """The progress text's own schedule verdicts, in order (低于序时进度 → BEHIND…)."""
    found: list[tuple[int, _Statement]] = []
    taken: list[tuple[int, int]] = []
    for regex, status in (
        (_BEHIND_STATEMENT_RE, Status.BEHIND),
        (_NOT_STARTED_STATEMENT_RE, Status.NOT_STARTED),
        (_AHEAD_STATEMENT_RE, Status.AHEAD),
        (_ON_TRACK_STATEMENT_RE, Status.ON_TRACK),
    ):
        for match in regex.finditer(progress_text):
            if any(start < match.end() and match.start() < end for start, end in taken):
                continue
            following = progress_text[match.end() : match.end() + 2]
            preceding = progress_text[max(0, match.start() - 4) : match.start()]
            if _STATEMENT_ABOUT_OTHERS_RE.match(following) or _NEGATION_BEFORE_RE.search(preceding):
                continue
            taken.append((match.start(), match.end()))
            found.append((match.start(), _Statement(status, match.group())))
    found.sort(key=lambda item: item[0])
    return [statement for _, statement in found]


def claimed_status(claim: str, settings: AssessmentSettings) -> Status:
    """The status a stated claim gives: COMPLETED, or AHEAD where the plan's vocabulary has no
    已完成 before year end (Jiaxing: a target reached mid-year reads as 进度较快)."""
    if claim == COMPLETED_CLAIM and settings.completed_at is not None:
        return Status.COMPLETED
    return Status.AHEAD


def combine(statuses: Sequence[Status]) -> Status:
    """Several indicators or sub-items (domain-practice §6 F.26): all on track or better → the
    worst of them; some behind and some on track → PARTLY_BEHIND; all behind → BEHIND (one
    item keeps its own status)."""
    if not statuses:
        return Status.NOT_ASSESSABLE
    if len(statuses) == 1:
        return statuses[0]
    on_track = [status for status in statuses if status in _ON_TRACK_OR_BETTER]
    if len(on_track) == len(statuses):
        return max(statuses, key=_ORDER.__getitem__)
    if on_track:
        return Status.PARTLY_BEHIND
    return Status.BEHIND


def judge_milestones(milestones: Sequence[Milestone], as_of: date) -> tuple[Status, str] | None:
    """F.25: all milestones due by the as-of month done → ON_TRACK (a later one also done →
    AHEAD); some due undone → PARTLY_BEHIND; none of the due ones done → BEHIND."""
    if not milestones:
        return None
    month = month_position(as_of)
    due = [milestone for milestone in milestones if milestone.due_month <= month + 1e-9]
    later_done = [m for m in milestones if m.due_month > month + 1e-9 and m.done]
    done = [milestone for milestone in due if milestone.done]
    if len(done) == len(due):
        status = Status.AHEAD if later_done else Status.ON_TRACK
    elif done:
        status = Status.PARTLY_BEHIND
    else:
        status = Status.BEHIND
    detail = f"到{as_of.month}月应完成节点{len(due)}个,已完成{len(done)}个"
    if later_done:
        detail += f",另提前完成{len(later_done)}个"
    return status, detail


def _progress_evidence(
    actuals: Sequence[Actual], as_of: date, settings: AssessmentSettings
) -> list[tuple[Status, str, JudgedFigure | None]]:
    """Schedule evidence in the progress text alone, with its figures: a year plan beside its
    progress (年内计划完成投资290亿元,1-6月完成投资110.95亿元), a printed completion share, a
    gap against the schedule in percentage points."""
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


def _is_stretch(pair: PairAssessment, pairs: Sequence[PairAssessment]) -> bool:
    """确保28亿美元、力争30亿美元: the 力争 target of a measure that also has a firm target is a
    stretch goal; the firm one decides the schedule."""
    if pair.target.qualifier != "力争":
        return False
    return any(
        other.actual.position == pair.actual.position and other.target.qualifier != "力争"
        for other in pairs
        if other is not pair
    )


def _pairs_with_reports(
    targets: Sequence[Target],
    actuals: list[Actual],
    reported: Mapping[int, Actual],
    as_of_month: int,
) -> list[Pair]:
    """Each reported figure pairs with its target; the progress text's figures pair with the
    targets no reported figure took. In target order."""
    rest = [index for index in range(len(targets)) if index not in reported]
    pairs = [Pair(index, actual, 1.0) for index, actual in reported.items()]
    pairs += [
        replace(pair, target_index=rest[pair.target_index])
        for pair in pair_targets([targets[index] for index in rest], actuals, as_of_month)
    ]
    pairs.sort(key=lambda pair: pair.target_index)
    return pairs


def assess_row(
    task_text: str,
    progress_text: str,
    as_of: date,
    settings: AssessmentSettings | None = None,
    *,
    milestones: Sequence[Milestone] = (),
    self_assessed: Status | None = None,
    targets: Sequence[Target] | None = None,
    reported: Mapping[int, Actual] | None = None,
    unmatched_reports: Sequence[str] = (),
) -> Assessment:
    """Suggest a status for one task in one period, with the reasons for it and the figures
    judged.

    `as_of` is the last day the period covers. `milestones` and `self_assessed` (the
    department's own status) serve tasks whose texts give no figures to judge by.

    `targets`, when given, are judged instead of those read from `task_text` (an empty
    sequence: the task has none). `reported` maps target indexes to figures reported outside
    the progress text (报送数据): each reports its target in place of the text's figures, which
    pair with the other targets. `unmatched_reports` names reported figures no target took;
    the reasons note each.
    """
    settings = settings or AssessmentSettings()
    reported = reported or {}
    # With the targets given, only the progress text is read.
    extraction = extract(
        task_text if targets is None else "", progress_text, as_of.month, as_of.year
    )
    judged_targets = extraction.targets if targets is None else list(targets)
    raw_pairs = (
        extraction.pairs
        if targets is None and not reported
        else _pairs_with_reports(judged_targets, extraction.actuals, reported, as_of.month)
    )
    raw_pairs, stage_notes = pairs_of_the_same_stage(
        judged_targets, raw_pairs, extraction.actuals, reported, progress_text, as_of.month
    )
    raw_pairs, parts_notes = pairs_with_summed_parts(
        judged_targets, raw_pairs, extraction.actuals, reported, task_text
    )
    stage_notes += parts_notes
    context = _RowContext((task_text, progress_text), extraction.actuals)
    pairs = [
        _assess_pair(
            pair.target_index,
            judged_targets[pair.target_index],
            pair.actual,
            as_of,
            settings,
            context,
        )
        for pair in raw_pairs
    ]
    stretch = {pair.target_index for pair in pairs if _is_stretch(pair, pairs)}
    reasons: list[str] = []
    figures: list[JudgedFigure] = []
    for pair in pairs:
        source = "figure" if pair.target_index in reported else "text"
        counted = pair.target_index not in stretch
        reasons.append(
            pair.reason
            + ("(据报送数据)" if source == "figure" else "")
            + ("" if counted else "(力争目标,不计入综合判断)")
        )
        figures.append(_judged_pair(pair, counted, source))
    items = [pair.status for pair in pairs if pair.target_index not in stretch]
    paired = {pair.target_index for pair in pairs}
    for index, target in enumerate(judged_targets):
        if index not in paired:
            reasons.append(f"目标{target.text}:进展情况未报告可比数据")
    reasons.extend(stage_notes)
    reasons.extend(f"报送数据“{name}”未对应任何指标,未采用" for name in unmatched_reports)
    if not items:
        for status, reason, figure in _progress_evidence(extraction.actuals, as_of, settings):
            items.append(status)
            reasons.append(reason)
            if figure is not None:
                figures.append(figure)
    statements = schedule_statements(progress_text) if settings.read_schedule_statements else []
    behind_statements = [s for s in statements if s.status in (Status.BEHIND, Status.NOT_STARTED)]
    claims = stated_claims(progress_text) if settings.read_schedule_statements else []
    figures_behind = any(status not in _ON_TRACK_OR_BETTER for status in items)
    decided_by = DECIDED_BY_FIGURES if items else ""
    if claims and not behind_statements and not figures_behind:
        decided_by = DECIDED_BY_STATEMENT
        # The text states completion or a lead and no figure says otherwise: believe it.
        claim = next((c for c in claims if c.status == COMPLETED_CLAIM), claims[0])
        status = claimed_status(claim.status, settings)
        items = [status]
        reasons.append(f"进展情况自述“{claim.sentence}” → {settings.name(status)}")
    elif claims and figures_behind:
        reasons.append(f"进展情况自述“{claims[0].sentence}”,与所报数据不符,按数据研判")
    elif behind_statements and not figures_behind:
        # The text says it is behind though no figure shows it: believe the text.
        statement = behind_statements[0]
        decided_by = DECIDED_BY_STATEMENT
        items.append(statement.status)
        reasons.append(f"进展情况自述“{statement.text}” → {settings.name(statement.status)}")
    elif not items and statements:
        statement = statements[0]
        decided_by = DECIDED_BY_STATEMENT
        items.append(statement.status)
        reasons.append(f"进展情况自述“{statement.text}” → {settings.name(statement.status)}")
    status = _decide(
        items, milestones, self_assessed, bool(judged_targets), as_of, settings, reasons
    )
    if not items:
        # _decide's own order: milestones, else the self-assessment, else nothing.
        if judge_milestones(milestones, as_of) is not None:
            decided_by = DECIDED_BY_MILESTONES
        elif self_assessed is not None:
            decided_by = DECIDED_BY_SELF
    return Assessment(judged_targets, pairs, status, reasons, figures, decided_by)


def _decide(
    items: Sequence[Status],
    milestones: Sequence[Milestone],
    self_assessed: Status | None,
    has_targets: bool,
    as_of: date,
    settings: AssessmentSettings,
    reasons: list[str],
) -> Status:
    """The status from the evidence items, else the milestones, else the self-assessment,
    else NOT_ASSESSABLE; appends the reason for it."""
    if items:
        status = combine(items)
        if len(items) > 1:
            behind = sum(1 for item in items if item not in _ON_TRACK_OR_BETTER)
            reasons.append(
                f"综合{len(items)}项:{len(items) - behind}项按时推进或更好、{behind}项滞后"
                f" → {settings.name(status)}"
            )
        return status
    milestone_verdict = judge_milestones(milestones, as_of)
    if milestone_verdict is not None:
        status, detail = milestone_verdict
        reasons.append(f"无可比数据,按节点计划:{detail} → {settings.name(status)}")
        return status
    if self_assessed is not None:
        reasons.append(f"无可比数据和节点计划,采用部门自评:{settings.name(self_assessed)}")
        return self_assessed
    not_assessable = settings.name(Status.NOT_ASSESSABLE)
    if has_targets:
        reasons.append(f"进展情况未报告目标的可比数据,也无节点计划和部门自评 → {not_assessable}")
    else:
        reasons.append(
            f"任务无量化目标,进展情况无可比数据或序时判断,也无节点计划和部门自评 → {not_assessable}"
        )
    return Status.NOT_ASSESSABLE
