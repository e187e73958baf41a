"""Reads of the leaders' cockpit (驾驶舱): the figures of a plan and period, and its drill-down.

Every figure is aggregated in SQL (`values(...).annotate(Count(...))`) over the tasks the user
may see, so the number of queries does not depend on the number of tasks; Python only walks
the aggregated rows (statuses × units, periods) and the lagging tasks and judged figures,
which are a minority of the tasks. The assembled `Cockpit` is cached per period and scope
under the data version (core/data_version.py), which every audited write and every refreshed
suggestion changes, so a new or changed decision shows on the next view.
"""

import datetime
import functools
import hashlib
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from django.core.cache import cache
from django.db.models import (
    Case,
    Count,
    F,
    FilteredRelation,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    When,
)
from django.db.models.functions import Left
from django.urls import reverse

from duban.accounts import permissions
from duban.assessment.kept import assessments_refresh
from duban.assessment.models import StatusAssessment
from duban.assessment.selectors import JudgedFigureView
from duban.core.data_version import data_version
from duban.core.status import BEHIND_OR_NOT_STARTED, STATUS_COLOURS, TaskStatus, get_profile
from duban.core.templatetags.duban_tags import percent
from duban.ledger.models import KeyTask, Plan, TaskResponsibility
from duban.ledger.selectors import key_task_scope, plan_list_for
from duban.orgs.models import Department, DepartmentKind
from duban.reporting.models import ReportingPeriod, StatusDecision
from duban.reporting.selectors import (
    ForecastView,
    forecasts_for_period,
    period_choose,
    period_get_for,
)

# The chart and filter key of a task without a decided status (no decision, or "").
UNDECIDED = "none"
UNDECIDED_LABEL = "未认定"

# Canonical order of the columns, legends and stacks: on schedule first, then behind.
STATUS_ORDER: list[str] = [
    TaskStatus.COMPLETED,
    TaskStatus.AHEAD,
    TaskStatus.ON_TRACK,
    TaskStatus.PARTLY_BEHIND,
    TaskStatus.BEHIND,
    TaskStatus.NOT_STARTED,
    TaskStatus.NOT_ASSESSABLE,
]
ON_SCHEDULE = frozenset({TaskStatus.COMPLETED, TaskStatus.AHEAD, TaskStatus.ON_TRACK})
# 未启动 is red in DESIGN.md like 进度滞后: a task not started is behind.


# Bounds on what one page carries at province scale (10,000 tasks): the page lists the lagging
# tasks furthest behind and plots the judged figures furthest behind; the rest is one click away.
LAGGING_ON_PAGE = 50
SCATTER_MAX_POINTS = 2000
SCATTER_ROWS_ON_PAGE = 100

CACHE_SECONDS = 300  # a safety net for writes made outside the services (a shell, a migration)
CACHE_VERSION = "cockpit-v2"


# --- Shapes -------------------------------------------------------------------------------


@dataclass(frozen=True)
class StatusCount:
    """One slice of the status distribution."""

    status: str
    label: str
    count: int
    share: float  # of all tasks in scope, 0.0-1.0

    @property
    def share_text(self) -> str:
        return percent(self.share)

    @property
    def colour(self) -> str:
        """green / yellow / red / grey as DESIGN.md assigns them."""
        return STATUS_COLOURS.get(self.status, "grey")

    @property
    def badge_status(self) -> str:
        """The status for `status_badge` ("" for 未认定)."""
        return "" if self.status == UNDECIDED else self.status


@dataclass(frozen=True)
class UnitRow:
    """A department or county government: how many of its tasks are in each status."""

    unit_id: int
    name: str
    counts: dict[str, int]
    total: int

    @property
    def on_schedule(self) -> int:
        """达到序时进度: completed, ahead or on track."""
        return sum(n for status, n in self.counts.items() if status in ON_SCHEDULE)

    @property
    def on_schedule_share_text(self) -> str:
        return percent(self.on_schedule / self.total) if self.total else "—"

    def count(self, status: str) -> int:
        return self.counts.get(status, 0)


@dataclass(frozen=True)
class LaggingTask:
    """A task decided 部分滞后 / 进度滞后 / 未启动, with how far behind its figures are."""

    task_id: int
    seq: str
    text: str
    lead: str
    status: str
    label: str
    gap_pp: float | None
    gap_unit: str
    gap_text: str
    href: str = ""


@dataclass(frozen=True)
class ScatterPoint:
    """One judged figure of a task: completion R against time share T (both in %)."""

    task_id: int
    seq: str
    target: str
    actual: str
    completion: float
    time_share: float
    status: str
    label: str
    href: str = ""

    @property
    def gap_pp(self) -> float:
        """Percentage points behind the schedule (negative: ahead)."""
        return round(self.time_share - self.completion, 1)

    @property
    def badge_status(self) -> str:
        return "" if self.status == UNDECIDED else self.status


@dataclass(frozen=True)
class TrendRow:
    """One period of the plan: how many tasks were in each status."""

    period_id: int
    label: str
    as_of: datetime.date
    counts: dict[str, int]
    total: int

    def count(self, status: str) -> int:
        return self.counts.get(status, 0)


# A unit table's row: the unit, the link to its tasks ("" when none), each column's count and
# link ("" for 0).
UnitTableRow = tuple[UnitRow, str, list[tuple[int, str]]]


@dataclass(frozen=True)
class Cockpit:
    """Everything the cockpit page and the dashboard API show for one period and scope."""

    plan_id: int
    plan_title: str
    period_id: int
    period_label: str
    statuses: list[str]  # the columns: the profile's statuses, others present, 未认定 if any
    labels: dict[str, str]
    total: int
    status_counts: list[StatusCount]
    by_department: list[UnitRow]
    by_county: list[UnitRow]
    lagging: list[LaggingTask]
    scatter: list[ScatterPoint]  # furthest behind first, at most SCATTER_MAX_POINTS
    scatter_total: int
    trend: list[TrendRow]

    @property
    def on_schedule(self) -> int:
        return sum(c.count for c in self.status_counts if c.status in ON_SCHEDULE)

    @property
    def on_schedule_share_text(self) -> str:
        return percent(self.on_schedule / self.total) if self.total else "—"

    def count(self, status: str) -> int:
        return next((c.count for c in self.status_counts if c.status == status), 0)

    @property
    def lagging_on_page(self) -> list[LaggingTask]:
        return self.lagging[:LAGGING_ON_PAGE]

    @property
    def scatter_on_page(self) -> list[ScatterPoint]:
        return self.scatter[:SCATTER_ROWS_ON_PAGE]

    @property
    def summary_sentence(self) -> str:
        """The sentence bulletins print: 共100项,达到序时进度95项、占比95.0%;部分滞后3项…"""
        if not self.total:
            return "本期没有任务。"
        share = self.on_schedule_share_text
        parts = [f"共{self.total}项,达到序时进度{self.on_schedule}项、占比{share}"]
        others = [
            f"{c.label}{c.count}项"
            for c in self.status_counts
            if c.count and c.status not in ON_SCHEDULE
        ]
        return ";".join([*parts, "、".join(others)] if others else parts) + "。"

    # The tables' rows with their links made here, not per cell in the template: at province
    # scale the unit tables are hundreds of cells.
    def _unit_table(self, rows: list[UnitRow], param: str) -> list[UnitTableRow]:
        drill = drill_url(self.period_id)
        table = []
        for row in rows:
            link = f"{drill}&{param}={row.unit_id}"
            counts = [row.count(status) for status in self.statuses]
            cells = [
                (n, f"{link}&status={status}" if n else "")
                for status, n in zip(self.statuses, counts, strict=True)
            ]
            table.append((row, link if row.total else "", cells))
        return table

    @property
    def department_table(self) -> list[UnitTableRow]:
        """(row, link to its tasks or "", [(count, link or "") per column])."""
        return self._unit_table(self.by_department, "department")

    @property
    def county_table(self) -> list[UnitTableRow]:
        return self._unit_table(self.by_county, "county")

    @property
    def trend_table(self) -> list[tuple[TrendRow, list[tuple[int, str]]]]:
        """(row, [(count, link to those tasks or "") per column])."""
        tasks = reverse("dashboards:task_list")
        return [
            (
                row,
                [
                    (n, f"{tasks}?period={row.period_id}&status={status}" if n else "")
                    for status in self.statuses
                    for n in (row.count(status),)
                ],
            )
            for row in self.trend
        ]

    @property
    def column_labels(self) -> list[tuple[str, str]]:
        return [(status, self.labels[status]) for status in self.statuses]

    @property
    def decided_canonical_counts(self) -> dict[str, int]:
        """status → n over canonical statuses only (the API's `status_counts`)."""
        return {c.status: c.count for c in self.status_counts if c.status != UNDECIDED}


# --- Plan and period ------------------------------------------------------------------------


def plan_period_choose(
    *, user: Any, plan_id: int | None, period_id: int | None
) -> tuple[list[Plan], Plan | None, list[ReportingPeriod], ReportingPeriod | None]:
    """The plans `user` sees, the chosen plan, its periods (oldest first) and the chosen
    period.

    A period id picks its plan; otherwise the plan id (else the newest plan) picks the plan and
    the period is `reporting.selectors.period_choose`'s default for that plan (the latest with
    data).
    """
    plans = list(plan_list_for(user=user))
    period = None
    if period_id is not None:
        period = period_get_for(user=user, pk=period_id)
        if period is None:
            return plans, None, [], None
        plan_id = period.plan_id
    plan = next((p for p in plans if p.pk == plan_id), None) if plan_id else None
    plan = plan or (plans[0] if plans else None)
    if plan is None:
        return plans, None, [], None
    periods = list(ReportingPeriod.objects.filter(plan=plan).order_by("as_of", "pk"))
    if period is None and periods:
        period = period_choose(user=user, plan=plan)
    if period is not None:
        period.plan = plan  # already loaded: spare the selectors a query
    return plans, plan, periods, period


# --- Scope and the decided status ----------------------------------------------------------


def scope_key(user: Any) -> str | None:
    """What the user's task scope depends on, for the cache key; None for no scope at all."""
    if permissions.can_read_everything(user):
        return "all"
    if permissions.is_department_user(user):
        return f"unit-{user.department_id}"
    return None


def scoped_tasks(user: Any, plan_id: int) -> QuerySet[KeyTask]:
    return key_task_scope(user=user).filter(plan_id=plan_id)


def _with_decision(tasks: QuerySet[KeyTask], period_id: int) -> QuerySet[Any]:
    """Tasks with their decision of the period joined in as `dec` (LEFT JOIN: none → NULL).

    Typed `Any`: the type checker cannot see the `dec__…` names a FilteredRelation adds."""
    return tasks.annotate(
        dec=FilteredRelation("decisions", condition=Q(decisions__period_id=period_id))
    )


def _status_key(status: str | None) -> str:
    return status or UNDECIDED


def _label(profile_labels: dict[str, str], status: str) -> str:
    if status == UNDECIDED:
        return UNDECIDED_LABEL
    return profile_labels.get(status) or TaskStatus(status).label


# --- The figures ----------------------------------------------------------------------------


def _status_totals(tasks: QuerySet[KeyTask], period_id: int) -> dict[str, int]:
    rows = _with_decision(tasks, period_id).values("dec__status").annotate(n=Count("pk")).order_by()
    totals: dict[str, int] = defaultdict(int)
    for row in rows:
        totals[_status_key(row["dec__status"])] += row["n"]
    return dict(totals)


def _by_lead_department(tasks: QuerySet[KeyTask], period_id: int) -> list[UnitRow]:
    """Each lead unit (牵头单位, position 0) with its tasks per status, most tasks first."""
    rows = (
        _with_decision(tasks.filter(responsibilities__position=0), period_id)
        .values(
            "responsibilities__department_id",
            "responsibilities__department__name",
            "responsibilities__department__sort_order",
            "dec__status",
        )
        .annotate(n=Count("pk"))
        .order_by()
    )
    units: dict[int, tuple[str, int]] = {}
    counts: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for row in rows:
        unit_id = row["responsibilities__department_id"]
        units[unit_id] = (
            row["responsibilities__department__name"],
            row["responsibilities__department__sort_order"],
        )
        counts[unit_id][_status_key(row["dec__status"])] += row["n"]
    result = [
        UnitRow(unit_id, name, dict(counts[unit_id]), sum(counts[unit_id].values()))
        for unit_id, (name, _order) in units.items()
    ]
    result.sort(key=lambda r: (-r.total, units[r.unit_id][1], r.unit_id))
    return result


def _by_county(tasks: QuerySet[KeyTask], period_id: int, government_id: int) -> list[UnitRow]:
    """Each county government (县(市、区)政府) with the tasks it shares, per status.

    A task is a county's when one of its units is the county itself or a group the county
    belongs to (各县(市、区)政府). One query: the CASE names the county reached through either
    path, and COUNT(DISTINCT) counts a task once per county when it lists both paths.
    """
    rows = (
        _with_decision(tasks, period_id)
        .annotate(county=_county_expression())
        .filter(county__isnull=False)
        .values("county", "dec__status")
        .annotate(n=Count("pk", distinct=True))
        .order_by()
    )
    counts: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for row in rows:
        counts[row["county"]][_status_key(row["dec__status"])] += row["n"]
    counties = Department.objects.filter(
        government_id=government_id, kind=DepartmentKind.COUNTY
    ).order_by("sort_order", "pk")
    return [UnitRow(c.pk, c.name, dict(counts[c.pk]), sum(counts[c.pk].values())) for c in counties]


def _county_expression() -> Case:
    """CASE: the unit when it is a county, else the county member of the unit (a group)."""
    return Case(
        When(
            responsibilities__department__kind=DepartmentKind.COUNTY,
            then=F("responsibilities__department_id"),
        ),
        When(
            responsibilities__department__members__kind=DepartmentKind.COUNTY,
            then=F("responsibilities__department__members__id"),
        ),
        output_field=IntegerField(),
    )


def _largest_gap(pairs: Any) -> JudgedFigureView | None:
    """The judged figure furthest behind: against the schedule first, else against a target."""
    figures = [
        JudgedFigureView(
            target=str(item.get("target", "")),
            actual=str(item.get("actual", "")),
            completion=item.get("completion"),
            time_share=item.get("time_share"),
            gap_pp=item.get("gap_pp"),
            gap_unit=str(item.get("gap_unit", "个百分点")),
            counted=bool(item.get("counted", True)),
        )
        for item in (pairs if isinstance(pairs, list) else [])
        if isinstance(item, dict) and item.get("gap_pp") is not None
    ]
    counted = [f for f in figures if f.counted] or figures
    if not counted:
        return None
    return max(counted, key=lambda f: (f.time_share is not None, f.gap_pp or 0.0))


def _lagging(
    tasks: QuerySet[KeyTask], period_id: int, labels: dict[str, str], judged: dict[int, Any]
) -> list[LaggingTask]:
    """The lagging tasks: red before yellow, the largest gap first, then table order.
    `judged`: the judged figures (suggestion pairs) by task, as `_judged_rows` read them."""
    href = task_href_template()
    lead = TaskResponsibility.objects.filter(task=OuterRef("pk"), position=0).values(
        "printed_name"
    )[:1]
    rows = (
        _with_decision(tasks, period_id)
        .filter(dec__status__in=BEHIND_OR_NOT_STARTED)
        .annotate(brief=Left("text", 120), lead=Subquery(lead))
        .values("pk", "seq", "parent__seq", "position", "brief", "lead", "dec__status")
        .order_by()  # the models' default orderings would join tasks again just to sort
    )
    lagging = []
    for row in rows:
        figure = _largest_gap(judged.get(row["pk"]))
        status = row["dec__status"]
        lagging.append(
            (
                BEHIND_OR_NOT_STARTED.index(status),
                -(figure.gap_pp or 0.0) if figure else float("inf"),
                row["position"],
                LaggingTask(
                    task_id=row["pk"],
                    seq=row["seq"] or f"{row['parent__seq'] or ''}(子项)",
                    text=row["brief"],
                    lead=row["lead"] or "",
                    status=status,
                    label=_label(labels, status),
                    gap_pp=figure.gap_pp if figure else None,
                    gap_unit=figure.gap_unit if figure else "",
                    gap_text=figure.gap_text if figure else "",
                    href=href.format(id=row["pk"]),
                ),
            )
        )
    lagging.sort(key=lambda item: item[:3])
    return [item[3] for item in lagging]


JudgedRow = tuple[int, str, str | None, Any, str | None]


def _judged_rows(tasks: QuerySet[KeyTask], period_id: int) -> list[JudgedRow]:
    """(task id, 序号, parent's 序号, judged figures, decided status) of every task in scope whose
    suggestion judged figures: read once for the scatter and the lagging tasks' gaps."""
    decided = StatusDecision.objects.filter(task=OuterRef("task_id"), period_id=period_id).values(
        "status"
    )[:1]
    return list(
        StatusAssessment.objects.filter(period_id=period_id, task__in=tasks)
        .exclude(pairs=[])
        .annotate(decided=Subquery(decided))
        .values_list("task_id", "task__seq", "task__parent__seq", "pairs", "decided")
        .order_by()
    )


def _scatter(rows: list[JudgedRow], labels: dict[str, str]) -> tuple[list[ScatterPoint], int]:
    """Every judged figure with both a completion and a time share, furthest behind first."""
    href = task_href_template()
    # Plain tuples first, points only for those the page keeps: at province scale most of the
    # thousands of figures are never shown.
    found: list[tuple[float, int, str, Any, str, float, float]] = []
    for task_id, seq, parent_seq, pairs, status in rows:
        key = _status_key(status)
        for item in pairs if isinstance(pairs, list) else []:
            if not isinstance(item, dict):
                continue
            completion, time_share = item.get("completion"), item.get("time_share")
            if completion is None or time_share is None:
                continue
            completion, time_share = round(float(completion), 1), round(float(time_share), 1)
            # As ScatterPoint.gap_pp, the sort key: furthest behind first, then by task.
            gap = round(time_share - completion, 1)
            found.append(
                (
                    -gap,
                    task_id,
                    seq or f"{parent_seq or ''}(子项)",
                    item,
                    key,
                    completion,
                    time_share,
                )
            )
    found.sort(key=lambda row: row[:2])  # stable: a task's figures keep their order
    points = [
        ScatterPoint(
            task_id=task_id,
            seq=seq,
            target=str(item.get("target", "")),
            actual=str(item.get("actual", "")),
            completion=completion,
            time_share=time_share,
            status=key,
            label=_label(labels, key),
            href=href.format(id=task_id),
        )
        for _gap, task_id, seq, item, key, completion, time_share in found[:SCATTER_MAX_POINTS]
    ]
    return points, len(found)


def _trend(tasks: QuerySet[KeyTask], plan_id: int, scoped: bool, total: int) -> list[TrendRow]:
    """Per period of the plan, oldest first: tasks per status (未认定 = the rest)."""
    periods = list(
        ReportingPeriod.objects.filter(plan_id=plan_id)
        .order_by("as_of", "pk")
        .values_list("pk", "label", "as_of")
    )
    decisions = StatusDecision.objects.filter(period_id__in=[p[0] for p in periods]).exclude(
        status=""
    )
    if scoped:
        decisions = decisions.filter(task__in=tasks)
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    for row in decisions.values("period_id", "status").annotate(n=Count("pk")).order_by():
        counts[row["period_id"]][row["status"]] = row["n"]
    trend = []
    for pk, label, as_of in periods:
        period_counts = counts[pk]
        undecided = total - sum(period_counts.values())
        if undecided > 0:
            period_counts[UNDECIDED] = undecided
        trend.append(TrendRow(pk, label, as_of, period_counts, total))
    return trend


def _columns(profile_statuses: list[str], present: set[str]) -> list[str]:
    """The profile's statuses, any other decided status present, and 未认定 when present."""
    wanted = set(profile_statuses) | (present - {UNDECIDED})
    columns = [str(s) for s in STATUS_ORDER if s in wanted]
    return [*columns, UNDECIDED] if UNDECIDED in present else columns


def _compute(*, user: Any, plan: Plan, period: ReportingPeriod) -> Cockpit:
    profile = get_profile(plan.status_profile)
    labels = dict(profile.labels)
    tasks = scoped_tasks(user, plan.pk)
    scoped = not permissions.can_read_everything(user)
    totals = _status_totals(tasks, period.pk)
    total = sum(totals.values())
    by_department = _by_lead_department(tasks, period.pk)
    by_county = _by_county(tasks, period.pk, plan.government_id)
    trend = _trend(tasks, plan.pk, scoped, total)
    present = set(totals)
    for row in [*by_department, *by_county]:
        present |= set(row.counts)
    for trend_row in trend:
        present |= set(trend_row.counts)
    statuses = _columns(list(profile.labels), present)
    labels = {status: _label(labels, status) for status in statuses}
    judged = _judged_rows(tasks, period.pk)
    scatter, scatter_total = _scatter(judged, labels)
    return Cockpit(
        plan_id=plan.pk,
        plan_title=str(plan.title or plan),
        period_id=period.pk,
        period_label=period.label,
        statuses=statuses,
        labels=labels,
        total=total,
        status_counts=[
            StatusCount(s, labels[s], totals.get(s, 0), totals.get(s, 0) / total if total else 0.0)
            for s in statuses
        ],
        by_department=by_department,
        by_county=by_county,
        lagging=_lagging(tasks, period.pk, labels, {row[0]: row[3] for row in judged}),
        scatter=scatter,
        scatter_total=scatter_total,
        trend=trend,
    )


# --- Cache ----------------------------------------------------------------------------------


@functools.cache
def _code_digest() -> str:
    """A digest of this app's code and templates: after a deploy that changes how the figures
    are computed or printed, nothing kept by the previous code is read."""
    root = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for path in sorted([*root.glob("*.py"), *root.glob("templates/**/*.html")]):
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def _cache_key(period_id: int, scope: str) -> str:
    """Where the cockpit of a period and scope is kept: under the data version, which every
    audited write and every refreshed suggestion changes (core/data_version.py), and the
    code's digest."""
    return f"duban:{CACHE_VERSION}:{_code_digest()}:{period_id}:{scope}:{data_version()}"


def _missing_suggestions(plan_id: int, period_id: int) -> bool:
    return (
        KeyTask.objects.filter(plan_id=plan_id)
        .exclude(pk__in=StatusAssessment.objects.filter(period_id=period_id).values("task_id"))
        .exists()
    )


def _fill_missing_suggestions(period: ReportingPeriod) -> None:
    """Compute the suggestions the period has never had (the scatter and the gaps read them).

    Only missing rows: refreshing stale ones is the status review page's work, and would cost
    the cockpit a pass over every task.
    """
    missing = list(
        KeyTask.objects.filter(plan_id=period.plan_id)
        .exclude(pk__in=StatusAssessment.objects.filter(period=period).values("task_id"))
        .order_by("position")
    )
    if missing:
        assessments_refresh(period=period, tasks=missing)


def cockpit_cache_key(*, user: Any, period: ReportingPeriod) -> str:
    """Where `cockpit_for` keeps this user's cockpit of `period` now ("" when it keeps none):
    what is derived from the cockpit (its chart data, its rendered tables) is kept beside it."""
    scope = scope_key(user)
    return "" if scope is None else _cache_key(period.pk, scope)


def cockpit_for(*, user: Any, period: ReportingPeriod) -> Cockpit:
    """The cockpit of `period` as `user` may see it (a department: only its own tasks).

    Cached per period and scope under the data version, so a decision shows on the next view
    while repeated views cost one cache read.
    """
    scope = scope_key(user)
    plan = period.plan
    if scope is None:
        return _compute(user=user, plan=plan, period=period)
    key = _cache_key(period.pk, scope)
    cockpit: Cockpit | None = cache.get(key)
    if cockpit is not None:
        return cockpit
    if _missing_suggestions(plan.pk, period.pk):
        _fill_missing_suggestions(period)  # changes the data version
        key = _cache_key(period.pk, scope)
    cockpit = _compute(user=user, plan=plan, period=period)
    cache.set(key, cockpit, CACHE_SECONDS)
    return cockpit


def task_href_template() -> str:
    """The task page's URL with "{id}" for the task id: one reverse() for all points."""
    return reverse("reporting:task_detail", args=[987654321]).replace("987654321", "{id}")


# --- Drill-down -----------------------------------------------------------------------------


@dataclass(frozen=True)
class DrillFilters:
    """What a chart's element stands for: statuses, a lead unit, a county."""

    statuses: tuple[str, ...] = ()
    department_id: int | None = None
    county_id: int | None = None


def drill_url(period_id: int, **params: Any) -> str:
    """The task list behind a chart element."""
    query = {"period": period_id, **{k: v for k, v in params.items() if v not in (None, "")}}
    return f"{reverse('dashboards:task_list')}?{urlencode(query)}"


def drill_tasks_for(
    *, user: Any, period: ReportingPeriod, filters: DrillFilters
) -> QuerySet[KeyTask]:
    """The tasks behind a chart element, as the cockpit counts them, in table order, with the
    decided status as `decided_status` and the lead unit prefetched."""
    tasks = _with_decision(scoped_tasks(user, period.plan_id), period.pk)
    if filters.statuses:
        wanted = Q(dec__status__in=[s for s in filters.statuses if s != UNDECIDED])
        if UNDECIDED in filters.statuses:
            wanted |= Q(dec__isnull=True) | Q(dec__status="")
        tasks = tasks.filter(wanted)
    if filters.department_id is not None:
        tasks = tasks.filter(
            pk__in=TaskResponsibility.objects.filter(
                position=0, department_id=filters.department_id
            ).values("task_id")
        )
    if filters.county_id is not None:
        tasks = tasks.filter(
            pk__in=TaskResponsibility.objects.filter(
                Q(department_id=filters.county_id)
                | Q(department__members=filters.county_id, department__kind=DepartmentKind.GROUP)
            ).values("task_id")
        )
    return (
        tasks.annotate(decided_status=F("dec__status"))
        .select_related("parent")
        .prefetch_related(
            # Only the lead: the list shows 牵头单位.
            lead_prefetch()
        )
        .order_by("position")
    )


def lead_prefetch() -> Prefetch:
    return Prefetch(
        "responsibilities",
        queryset=TaskResponsibility.objects.filter(position=0).select_related("department"),
        to_attr="lead_units",
    )


def lead_name(task: KeyTask) -> str:
    """The printed lead unit of a task fetched with `lead_prefetch` ("" when none)."""
    leads = getattr(task, "lead_units", [])
    return leads[0].printed_name if leads else ""


def unit_name(pk: int | None, *, government_id: int) -> str:
    """A unit of the period's government, named for the drill-down heading ("" when unknown
    or another government's)."""
    if pk is None:
        return ""
    units = Department.objects.filter(pk=pk, government_id=government_id)
    return units.values_list("name", flat=True).first() or ""


# --- 预计全年 and 领导批示 (beside the cached figures: they change with every report) ------


@dataclass(frozen=True)
class ForecastWatchRow:
    """A task whose lead unit forecasts the year's target in danger, with today's status."""

    task_id: int
    seq: str
    text: str
    status: str
    label: str
    forecast: ForecastView
    href: str


def forecast_watch_for(*, user: Any, period: ReportingPeriod) -> list[ForecastWatchRow]:
    """Tasks in `user`'s scope forecast 有困难 / 不能完成 in `period`, on schedule or not:
    the cockpit flags them even when today's status is fine."""
    forecasts = forecasts_for_period(period_id=period.pk)
    at_risk = [task_id for task_id, view in forecasts.items() if view.at_risk]
    if not at_risk:
        return []
    profile = get_profile(period.plan.status_profile)
    tasks = key_task_scope(user=user).filter(pk__in=at_risk).order_by("position")
    statuses = dict(
        StatusDecision.objects.filter(period=period, task_id__in=at_risk).values_list(
            "task_id", "status"
        )
    )
    href = task_href_template()
    rows = []
    for task in tasks:
        status = statuses.get(task.pk, "")
        rows.append(
            ForecastWatchRow(
                task_id=task.pk,
                seq=task.seq,
                text=task.text,
                status=status,
                label=profile.label_for(status)
                or (TaskStatus(status).label if status else "未认定"),
                forecast=forecasts[task.pk],
                href=href.replace("{id}", str(task.pk)),
            )
        )
    return rows
