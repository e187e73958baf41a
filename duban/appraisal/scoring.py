"""Department scores (绩效考核) for one period: pure, no Django, no clock.

得分 = 实得基本分 + 实得加分 − 实际扣分 (domain-practice §6 I.40, the Chengdu formula), every
part written as a `ScoreLine` that names the task, period, rule and evidence, so the lines of a
department add up to its total exactly (§6 I.44: the traceability test):

- 基本分: each task carries `base_points`; the lead earns `lead_share_pct` of it, every
  co-department `co_share_pct` (§6 I.39, Nanjing: more tasks, more points). The decided status
  earns its share of that item base (按时推进 100%, 部分滞后 60% …); a task without a decided
  status, or with a status the scheme has no share for (暂不评估), is left out, base and all.
- 加分: a task whose figures show completion at least `exceed_threshold_pct` above the schedule
  earns `exceed_bonus_pct` of its item base (超额完成, Nanjing's "≥10% above target"), else a
  task decided 已完成/进度较快 earns `early_bonus_pct` (提前完成). One bonus per task: both rules
  reward the same fact (an AHEAD status is itself decided from R ≥ 1.1·T), so paying both would
  count it twice. A department's bonuses stop at `bonus_cap` (Chengdu: 4 points).
- 扣分: a late report (迟报, also one still missing after the due date while the period runs)
  and a missing one (缺报, never delivered by the period's end) on the report's task; slips by
  level for the department. No item loses more than `item_deduction_cap_pct` of its base
  (Ningbo: 扣分不超过该项基本分); slips, counted per department, not per task, are capped by the
  department's whole base.

Every amount is a Decimal quantized to 0.01 (ROUND_HALF_UP) line by line, and the total is the
sum of the quantized lines, so nothing is lost to rounding between the lines and the total.
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

CENT = Decimal("0.01")
HUNDRED = Decimal(100)
ZERO = Decimal(0)


def quantize(value: Decimal) -> Decimal:
    """Points to two decimals, halves up, as score sheets print them."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def format_number(value: Decimal) -> str:
    """A number inside a sentence as documents write it: 10, 0.8, 6.5 (no trailing zeros)."""
    text = f"{value.normalize():f}"
    return "0" if text in {"-0", ""} else text


def format_points(value: Decimal) -> str:
    """Points in a score column: two decimals (10.00, -1.00, 0.80)."""
    # Adding zero turns a negative zero (a deduction capped to nothing) into "0.00".
    return f"{quantize(value) + ZERO:.2f}"


def format_date(value: date) -> str:
    """A date as government documents print it: 2021年10月10日."""
    return f"{value.year}年{value.month}月{value.day}日"


class Rule(StrEnum):
    """Why a line has its points."""

    BASE = "base"
    BONUS_EXCEED = "bonus_exceed"
    BONUS_EARLY = "bonus_early"
    LATE_REPORT = "late_report"
    MISSING_REPORT = "missing_report"
    REPORT_QUALITY = "report_quality"
    SLIP_BLUE = "slip_blue"
    SLIP_YELLOW = "slip_yellow"
    SLIP_RED = "slip_red"


RULE_LABELS: dict[Rule, str] = {
    Rule.BASE: "基本分",
    Rule.BONUS_EXCEED: "超额完成加分",
    Rule.BONUS_EARLY: "提前完成加分",
    Rule.LATE_REPORT: "迟报扣分",
    Rule.MISSING_REPORT: "缺报扣分",
    Rule.REPORT_QUALITY: "报送质量扣分",
    Rule.SLIP_BLUE: "蓝色督办单扣分",
    Rule.SLIP_YELLOW: "黄色督办单扣分",
    Rule.SLIP_RED: "红色督办单扣分",
}

# Slip levels as the supervision app names them, with their rule and printed colour.
SLIP_LEVELS: tuple[tuple[str, Rule, str], ...] = (
    ("blue", Rule.SLIP_BLUE, "蓝色"),
    ("yellow", Rule.SLIP_YELLOW, "黄色"),
    ("red", Rule.SLIP_RED, "红色"),
)


class TieBreak(StrEnum):
    """How equal totals rank."""

    SHARED = "shared"  # same total, same rank; the next rank skips (1, 2, 2, 4)
    FEWER_DEDUCTIONS = "fewer_deductions"  # equal totals: fewer deduction points ranks first


class RankBy(StrEnum):
    """What a ranking orders by. A total grows with the number of tasks a unit carries, so
    ranking totals ranks workload; 得分率 (points / base points available) ranks performance."""

    RATE = "rate"
    TOTAL = "total"


class RankGroups(StrEnum):
    """Whether county governments and city departments are ranked apart (each with its own
    名次 from 1) or together."""

    SEPARATE = "separate"
    TOGETHER = "together"


class Punctuality(StrEnum):
    """How a report stood against its period's due date."""

    ON_TIME = "on_time"
    LATE = "late"  # delivered after the due date
    OVERDUE = "overdue"  # past the due date, not delivered, the period still running
    MISSING = "missing"  # not delivered when the period ended
    PENDING = "pending"  # not delivered, not yet due


def classify_report(
    *, delivered: bool, delivered_on: date | None, due: date | None, ended: bool, today: date
) -> Punctuality:
    """Where a report stands. `delivered` without a date is an imported report: on time, since
    an imported table records what was reviewed and published. `ended` is the period's close."""
    if delivered:
        if delivered_on is not None and due is not None and delivered_on > due:
            return Punctuality.LATE
        return Punctuality.ON_TIME
    if ended:
        return Punctuality.MISSING
    if due is not None and today > due:
        return Punctuality.OVERDUE
    return Punctuality.PENDING


# Default share of the base a decided status earns (percent); statuses absent are excluded.
DEFAULT_STATUS_SHARES: dict[str, Decimal] = {
    "COMPLETED": Decimal(100),
    "AHEAD": Decimal(100),
    "ON_TRACK": Decimal(100),
    "PARTLY_BEHIND": Decimal(60),
    "BEHIND": Decimal(30),
    "NOT_STARTED": Decimal(0),
}
# The office's decision stands over the figures: a task decided behind earns no 超额完成 bonus,
# whatever one of its figures shows.
EXCEED_STATUSES = frozenset({"COMPLETED", "AHEAD", "ON_TRACK"})
DEFAULT_SLIP_POINTS: dict[str, Decimal] = {
    "blue": Decimal(0),
    "yellow": Decimal(1),
    "red": Decimal(2),
}


@dataclass(frozen=True)
class Scheme:
    """The scoring values of one plan. Percentages are percent (60 means 60%); deductions are
    positive numbers of points taken off."""

    base_points: Decimal = Decimal(10)
    lead_share_pct: Decimal = Decimal(100)
    co_share_pct: Decimal = Decimal(0)
    status_share_pct: Mapping[str, Decimal] = field(
        default_factory=lambda: dict(DEFAULT_STATUS_SHARES)
    )
    late_report_points: Decimal = Decimal(1)
    missing_report_points: Decimal = Decimal(10)
    # Points off per report carrying a quality flag; 0 (the default) means flags are only
    # counted, never scored.
    report_quality_points: Decimal = Decimal(0)
    slip_points: Mapping[str, Decimal] = field(default_factory=lambda: dict(DEFAULT_SLIP_POINTS))
    early_bonus_pct: Decimal = Decimal(8)
    early_bonus_statuses: frozenset[str] = frozenset({"COMPLETED", "AHEAD"})
    exceed_bonus_pct: Decimal = Decimal(8)
    exceed_threshold_pct: Decimal = Decimal(10)
    bonus_cap: Decimal = Decimal(4)
    item_deduction_cap_pct: Decimal = Decimal(100)
    tie_break: TieBreak = TieBreak.SHARED
    rank_by: RankBy = RankBy.RATE
    rank_groups: RankGroups = RankGroups.SEPARATE


@dataclass(frozen=True)
class Unit:
    """A scored unit (department, county government, zone …); `order` orders equal ranks.
    `group` names the ranking it belongs to when groups are ranked apart ("" = the only one);
    `group_order` orders the groups."""

    id: int
    name: str
    order: int = 0
    group: str = ""
    group_order: int = 0


@dataclass(frozen=True)
class Figure:
    """A judged figure of the task's assessment: completion and time share, in percent."""

    completion: Decimal
    time_share: Decimal


@dataclass(frozen=True)
class TaskInput:
    """A task as scored: its label, units (groups already expanded) and decided status."""

    id: int
    label: str
    leads: tuple[Unit, ...]
    co: tuple[Unit, ...] = ()
    status: str = ""
    status_label: str = ""
    figures: tuple[Figure, ...] = ()


@dataclass(frozen=True)
class ReportInput:
    """The punctuality of the report a unit owed on a task (see `classify_report`)."""

    task_id: int
    unit: Unit
    punctuality: Punctuality
    due: date | None = None
    delivered_on: date | None = None
    # The report's quality flags by name (内容空泛…), when the scheme scores them.
    quality_flags: tuple[str, ...] = ()


@dataclass(frozen=True)
class SlipInput:
    """Slips issued to a unit, by level ("blue", "yellow", "red")."""

    unit: Unit
    counts: Mapping[str, int]


@dataclass(frozen=True)
class ScoreLine:
    """One reason a department has points: the task ("" for the department as a whole), the
    period, the rule, the points (negative for deductions) and the evidence, in Chinese."""

    task: str
    period: str
    rule: Rule
    points: Decimal
    evidence: str
    task_id: int | None = None

    @property
    def rule_label(self) -> str:
        return RULE_LABELS[self.rule]


@dataclass(frozen=True)
class DepartmentScore:
    """A unit's total, its rank, and the lines the total is the sum of.

    `base_possible` is the base points the scored tasks could earn (the denominator of 得分率)."""

    department: Unit
    total: Decimal
    rank: int
    lines: tuple[ScoreLine, ...]
    base_possible: Decimal = ZERO

    @property
    def rate(self) -> Decimal | None:
        """得分率 in percent, two decimals: the total over the base points the scored tasks
        could earn; None when no task was scored (deductions alone have no denominator)."""
        if self.base_possible <= 0:
            return None
        return quantize(self.total * HUNDRED / self.base_possible)

    @property
    def earned_base(self) -> Decimal:
        return sum((ln.points for ln in self.lines if ln.rule is Rule.BASE), ZERO)

    @property
    def bonus(self) -> Decimal:
        bonuses = {Rule.BONUS_EARLY, Rule.BONUS_EXCEED}
        return sum((ln.points for ln in self.lines if ln.rule in bonuses), ZERO)

    @property
    def deductions(self) -> Decimal:
        """Points taken off, as a positive number."""
        return -sum((ln.points for ln in self.lines if ln.points < 0), ZERO)


@dataclass
class _Sheet:
    """A unit's lines while they are being written, with the running sums the caps need."""

    unit: Unit
    lines: list[ScoreLine] = field(default_factory=list)
    bonus: Decimal = ZERO
    nominal_base: Decimal = ZERO  # every item's base, scored or not: the slips' cap
    base_possible: Decimal = ZERO


def _pct(value: Decimal, pct: Decimal) -> Decimal:
    return quantize(value * pct / HUNDRED)


def _exceed_evidence(task: TaskInput, scheme: Scheme) -> str | None:
    """Why the task's figures earn 超额完成, or None: every judged figure at least the threshold
    above its schedule share (one figure short means the task as a whole did not exceed)."""
    if not task.figures:
        return None
    required = HUNDRED + scheme.exceed_threshold_pct
    parts = []
    for figure in task.figures:
        if figure.time_share <= 0 or figure.completion * HUNDRED < figure.time_share * required:
            return None
        ratio = (figure.completion / figure.time_share * HUNDRED).quantize(
            Decimal("0.1"), rounding=ROUND_HALF_UP
        )
        parts.append(
            f"完成{figure.completion:.1f}%,序时进度{figure.time_share:.1f}%,"
            f"完成为序时进度的{ratio}%"
        )
    return ";".join(parts) + f"(标准:不低于序时进度的{format_number(required)}%)"


def _bonus_line(
    sheet: _Sheet, task: TaskInput, item_base: Decimal, period: str, scheme: Scheme
) -> ScoreLine | None:
    """The task's one bonus, held to what is left under the department's bonus cap."""
    exceed = _exceed_evidence(task, scheme) if task.status in EXCEED_STATUSES else None
    if exceed is not None and scheme.exceed_bonus_pct > 0:
        rule, pct, evidence = Rule.BONUS_EXCEED, scheme.exceed_bonus_pct, exceed
    elif task.status in scheme.early_bonus_statuses and scheme.early_bonus_pct > 0:
        rule, pct = Rule.BONUS_EARLY, scheme.early_bonus_pct
        evidence = f"认定状态「{task.status_label}」"
    else:
        return None
    raw = _pct(item_base, pct)
    evidence += f",加该项基本分{format_number(item_base)}分的{format_number(pct)}%"
    left = max(scheme.bonus_cap - sheet.bonus, ZERO)
    points = min(raw, left)
    if points < raw:
        evidence += (
            f";加分合计以{format_number(scheme.bonus_cap)}分为限,本项计{format_number(points)}分"
        )
    sheet.bonus += points
    return ScoreLine(task.label, period, rule, points, evidence, task.id)


def _report_line(
    report: ReportInput, task: TaskInput, period: str, scheme: Scheme
) -> ScoreLine | None:
    """A late or missing report's deduction, never above the item's base (the report's unit
    is the task's lead, so the lead's share of the base is the item)."""
    due = f"截止{format_date(report.due)}" if report.due else "未设截止日期"
    if report.punctuality is Punctuality.LATE:
        rule, raw = Rule.LATE_REPORT, scheme.late_report_points
        if report.due is not None and report.delivered_on is not None:
            days = (report.delivered_on - report.due).days
            evidence = f"报告{due},{format_date(report.delivered_on)}报送,逾期{days}天"
        else:
            evidence = f"报告{due},逾期报送"
    elif report.punctuality is Punctuality.OVERDUE:
        rule, raw = Rule.LATE_REPORT, scheme.late_report_points
        evidence = f"报告{due},逾期尚未报送(期次结束时仍未报送的按缺报计)"
    elif report.punctuality is Punctuality.MISSING:
        rule, raw = Rule.MISSING_REPORT, scheme.missing_report_points
        evidence = f"报告{due},期次结束时仍未报送"
    else:
        return None
    if raw <= 0:
        return None
    raw = quantize(raw)
    cap = _pct(_pct(scheme.base_points, scheme.lead_share_pct), scheme.item_deduction_cap_pct)
    evidence += f",扣{format_number(raw)}分"
    points = min(raw, cap)
    if points < raw:
        evidence += f";扣分不超过该项基本分{format_number(cap)}分,本项计扣{format_number(points)}分"
    return ScoreLine(task.label, period, rule, ZERO - points, evidence, task.id)


def _quality_line(
    report: ReportInput, task: TaskInput, period: str, scheme: Scheme
) -> ScoreLine | None:
    """A flagged report's deduction, only when the scheme sets one (capped like the others)."""
    if scheme.report_quality_points <= 0 or not report.quality_flags:
        return None
    raw = quantize(scheme.report_quality_points)
    cap = _pct(_pct(scheme.base_points, scheme.lead_share_pct), scheme.item_deduction_cap_pct)
    points = min(raw, cap)
    evidence = f"报告有质量提示({'、'.join(report.quality_flags)}),扣{format_number(raw)}分"
    if points < raw:
        evidence += f";扣分不超过该项基本分{format_number(cap)}分,本项计扣{format_number(points)}分"
    return ScoreLine(task.label, period, Rule.REPORT_QUALITY, ZERO - points, evidence, task.id)


def _slip_lines(sheet: _Sheet, slips: SlipInput, period: str, scheme: Scheme) -> list[ScoreLine]:
    """Slip deductions by level, held to the department's whole base (slips are counted per
    department, so no single task's base can bound them)."""
    cap = _pct(sheet.nominal_base, scheme.item_deduction_cap_pct)
    taken = ZERO
    lines = []
    for level, rule, colour in SLIP_LEVELS:
        count = slips.counts.get(level, 0)
        each = scheme.slip_points.get(level, ZERO)
        if count <= 0 or each <= 0:
            continue
        raw = quantize(each * count)
        points = min(raw, max(cap - taken, ZERO))
        taken += points
        evidence = f"{colour}督办单{count}张,每张扣{format_number(each)}分"
        if points < raw:
            evidence += (
                f";督办单扣分合计不超过本单位基本分{format_number(cap)}分,"
                f"本项计扣{format_number(points)}分"
            )
        lines.append(ScoreLine("", period, rule, ZERO - points, evidence))
    return lines


def _roles(task: TaskInput) -> list[tuple[Unit, bool]]:
    """Each unit of the task once, lead first: a unit listed as lead and co scores as lead."""
    seen: dict[int, tuple[Unit, bool]] = {}
    for unit in task.leads:
        seen.setdefault(unit.id, (unit, True))
    for unit in task.co:
        seen.setdefault(unit.id, (unit, False))
    return list(seen.values())


def score_departments(
    *,
    tasks: Sequence[TaskInput],
    reports: Iterable[ReportInput] = (),
    slips: Iterable[SlipInput] = (),
    scheme: Scheme,
    period: str,
) -> list[DepartmentScore]:
    """Every unit with at least one line, ranked, its lines in task order.

    Raises ValueError for a report of a task not among `tasks`: its deduction would have no
    item to be capped by, and silently dropping it would hide a missing report.
    """
    by_task: dict[int, list[ReportInput]] = {}
    known = {task.id for task in tasks}
    for report in reports:
        if report.task_id not in known:
            raise ValueError(f"report of unknown task {report.task_id}")
        by_task.setdefault(report.task_id, []).append(report)
    sheets: dict[int, _Sheet] = {}

    def sheet_for(unit: Unit) -> _Sheet:
        return sheets.setdefault(unit.id, _Sheet(unit))

    for task in tasks:
        share = scheme.status_share_pct.get(task.status) if task.status else None
        for unit, is_lead in _roles(task):
            item_base = _pct(
                scheme.base_points, scheme.lead_share_pct if is_lead else scheme.co_share_pct
            )
            if item_base <= 0:
                continue
            sheet = sheet_for(unit)
            sheet.nominal_base += item_base
            if share is None:
                continue
            sheet.base_possible += item_base
            role = (
                f"牵头单位{format_number(scheme.lead_share_pct)}%"
                if is_lead
                else f"配合单位{format_number(scheme.co_share_pct)}%"
            )
            sheet.lines.append(
                ScoreLine(
                    task.label,
                    period,
                    Rule.BASE,
                    _pct(item_base, share),
                    f"认定状态「{task.status_label}」:基本分{format_number(scheme.base_points)}分"
                    f"×{role}×得分比例{format_number(share)}%",
                    task.id,
                )
            )
            bonus = _bonus_line(sheet, task, item_base, period, scheme)
            if bonus is not None:
                sheet.lines.append(bonus)
        for report in by_task.get(task.id, []):
            for line in (
                _report_line(report, task, period, scheme),
                _quality_line(report, task, period, scheme),
            ):
                if line is not None:
                    sheet_for(report.unit).lines.append(line)
    for slip in slips:
        sheet = sheet_for(slip.unit)
        sheet.lines.extend(_slip_lines(sheet, slip, period, scheme))
    return rank_scores(
        [
            DepartmentScore(
                department=sheet.unit,
                total=quantize(sum((line.points for line in sheet.lines), ZERO)),
                rank=0,
                lines=tuple(sheet.lines),
                base_possible=sheet.base_possible,
            )
            for sheet in sheets.values()
            if sheet.lines
        ],
        tie_break=scheme.tie_break,
        rank_by=scheme.rank_by,
        rank_groups=scheme.rank_groups,
    )


# Below every rate: a unit with no scored task ranks after those with one.
NO_RATE = Decimal("-Infinity")


def rank_scores(
    scores: Iterable[DepartmentScore],
    *,
    tie_break: TieBreak = TieBreak.SHARED,
    rank_by: RankBy = RankBy.TOTAL,
    rank_groups: RankGroups = RankGroups.TOGETHER,
) -> list[DepartmentScore]:
    """Ranks: higher 得分率 (or total) first; equal keys share a rank and the next rank skips
    (1, 2, 2, 4). With FEWER_DEDUCTIONS, equal keys are ordered by fewer deduction points
    first, and share a rank only when those are equal too. With SEPARATE groups each group
    (the unit's `group`) is ranked from 1 on its own; the result lists group after group."""

    def key(score: DepartmentScore) -> tuple[Decimal, Decimal]:
        deductions = score.deductions if tie_break is TieBreak.FEWER_DEDUCTIONS else ZERO
        if rank_by is RankBy.RATE:
            rate = score.rate
            return (-(rate if rate is not None else NO_RATE), deductions)
        return (-score.total, deductions)

    def group_of(score: DepartmentScore) -> tuple[int, str]:
        if rank_groups is RankGroups.TOGETHER:
            return (0, "")
        return (score.department.group_order, score.department.group)

    groups: dict[tuple[int, str], list[DepartmentScore]] = {}
    for score in scores:
        groups.setdefault(group_of(score), []).append(score)
    ranked: list[DepartmentScore] = []
    for group in sorted(groups):
        ordered = sorted(
            groups[group], key=lambda s: (*key(s), s.department.order, s.department.id)
        )
        for position, score in enumerate(ordered, start=1):
            same = position > 1 and key(ordered[position - 2]) == key(score)
            rank = ranked[-1].rank if same else position
            ranked.append(replace(score, rank=rank))
    return ranked
