"""Reads for appraisal: the facts of one period as `scoring` takes them, and the scores.

A fixed number of queries whatever the number of tasks: tasks with their units, groups with
their members, decisions, reports with their first delivery, slips, assessments.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Min, Prefetch
from django.utils import timezone

from duban.accounts import permissions
from duban.assessment.kept import assessments_refresh
from duban.assessment.selectors import period_report_flags
from duban.core.status import TaskStatus, get_profile
from duban.ledger.models import KeyTask, TaskResponsibility
from duban.orgs.models import Department, DepartmentKind
from duban.orgs.selectors import government_get
from duban.reporting.choices import PeriodState, ReportState
from duban.reporting.models import ProgressReport, ReportingPeriod, ReportReview, StatusDecision
from duban.supervision.selectors import slip_counts_by_department

from . import scoring
from .scoring import DepartmentScore

TASK_TEXT_CHARS = 24
# A report has reached the office once it is in one of these states (or once was).
WITH_OFFICE = frozenset({ReportState.SUBMITTED, ReportState.APPROVED})


def period_find(*, government: str, year: int, label: str) -> ReportingPeriod | None:
    """The period called `label` of `government`'s plan for `year` (for the command)."""
    root = government_get(name=government)
    if root is None:
        return None
    return (
        ReportingPeriod.objects.select_related("plan")
        .filter(plan__government=root, plan__year=year, label=label)
        .first()
    )


def task_label(task: KeyTask) -> str:
    """A task as a score line names it: its 序号 (a sub-item's parent's, marked 子项) and the
    beginning of its text."""
    prefix = task.seq or f"{task.parent.seq if task.parent else ''}(子项)"
    text = task.text if len(task.text) <= TASK_TEXT_CHARS else task.text[:TASK_TEXT_CHARS] + "…"
    return f"{prefix} {text}"


# The two rankings when a scheme ranks groups apart: city-level units (departments, zones,
# enterprises …) and county governments (decision 0023).
CITY_UNITS = "市直单位"
COUNTY_GOVERNMENTS = DepartmentKind.COUNTY.label


def _unit(department: Department) -> scoring.Unit:
    county = department.kind == DepartmentKind.COUNTY
    return scoring.Unit(
        department.pk,
        department.name,
        order=department.sort_order,
        group=COUNTY_GOVERNMENTS if county else CITY_UNITS,
        group_order=1 if county else 0,
    )


@dataclass(frozen=True)
class ScoringFacts:
    """One period's facts, in the pure module's terms."""

    tasks: list[scoring.TaskInput]
    reports: list[scoring.ReportInput]
    slips: list[scoring.SlipInput]


def _expand(department: Department, members: dict[int, list[Department]]) -> list[Department]:
    """A group (各县(市、区)政府) stands for each of its members; a group without members for
    itself, so its points are not silently lost."""
    if department.kind == DepartmentKind.GROUP and members.get(department.pk):
        return members[department.pk]
    return [department]


def _first_deliveries(period: ReportingPeriod) -> dict[int, datetime.datetime]:
    """When each report first reached the office (the head passed it on): lateness is judged
    on that, as `reporting.workflow.is_overdue` is."""
    rows = (
        ReportReview.objects.filter(report__period=period, to_state=ReportState.SUBMITTED)
        .values("report_id")
        .annotate(first=Min("acted_at"))
        .order_by()
    )
    return {row["report_id"]: row["first"] for row in rows}


def _figures(assessment: Any) -> tuple[scoring.Figure, ...]:
    figures = []
    for pair in assessment.pairs if assessment is not None else []:
        if not isinstance(pair, dict) or not pair.get("counted", True):
            continue
        completion, share = pair.get("completion"), pair.get("time_share")
        if completion is None or share is None:
            continue
        figures.append(scoring.Figure(Decimal(str(completion)), Decimal(str(share))))
    return tuple(figures)


def _quality_flags(period: ReportingPeriod) -> dict[int, tuple[str, ...]]:
    """The names of each submitted report's quality flags, by report id."""
    return {
        report_id: tuple(flag.name for flag in flags)
        for report_id, flags in period_report_flags(period=period).items()
        if flags
    }


def scoring_facts(
    *, period: ReportingPeriod, today: datetime.date, with_quality: bool = False
) -> ScoringFacts:
    """The period's tasks (units, decided status, judged figures), reports (punctuality and,
    `with_quality`, their quality flags) and slips, as `scoring.score_departments` takes
    them."""
    plan = period.plan
    profile = get_profile(plan.status_profile)
    tasks = list(
        KeyTask.objects.filter(plan=plan)
        .select_related("parent")
        .prefetch_related(
            Prefetch(
                "responsibilities",
                queryset=TaskResponsibility.objects.select_related("department").order_by(
                    "position"
                ),
            )
        )
        .order_by("position")
    )
    members: dict[int, list[Department]] = {}
    groups = Department.objects.filter(
        kind=DepartmentKind.GROUP, government=plan.government
    ).prefetch_related(Prefetch("members", queryset=Department.objects.order_by("sort_order")))
    for group in groups:
        members[group.pk] = list(group.members.all())
    decisions = dict(StatusDecision.objects.filter(period=period).values_list("task_id", "status"))
    assessments = assessments_refresh(period=period, tasks=tasks)
    task_inputs = []
    for task in tasks:
        responsibilities = list(task.responsibilities.all())
        leads = [r.department for r in responsibilities if r.is_lead]
        co = [r.department for r in responsibilities if not r.is_lead]
        status = decisions.get(task.pk, "")
        task_inputs.append(
            scoring.TaskInput(
                id=task.pk,
                label=task_label(task),
                leads=tuple(_unit(d) for lead in leads for d in _expand(lead, members)),
                co=tuple(_unit(d) for one in co for d in _expand(one, members)),
                status=status,
                status_label=profile.label_for(status)
                or (TaskStatus(status).label if status else ""),
                figures=_figures(assessments.get(task.pk)),
            )
        )
    delivered_at = _first_deliveries(period)
    ended = period.state == PeriodState.CLOSED
    flags = _quality_flags(period) if with_quality else {}
    reports = []
    for report in ProgressReport.objects.filter(period=period).select_related("department"):
        first = delivered_at.get(report.pk)
        delivered_on = timezone.localdate(first) if first else None
        reports.append(
            scoring.ReportInput(
                task_id=report.task_id,
                unit=_unit(report.department),
                # Imported reports are approved without a review trail: delivered, on time.
                punctuality=scoring.classify_report(
                    delivered=first is not None or report.state in WITH_OFFICE,
                    delivered_on=delivered_on,
                    due=period.due_date,
                    ended=ended,
                    today=today,
                ),
                due=period.due_date,
                delivered_on=delivered_on,
                quality_flags=flags.get(report.pk, ()),
            )
        )
    counts = slip_counts_by_department(plan=plan, period=period)
    slip_units = {d.pk: d for d in Department.objects.filter(pk__in=counts)}
    slips = [
        scoring.SlipInput(_unit(slip_units[pk]), levels)
        for pk, levels in sorted(counts.items())
        if pk in slip_units
    ]
    return ScoringFacts(tasks=task_inputs, reports=reports, slips=slips)


def department_scores(
    *, period: ReportingPeriod, scheme: scoring.Scheme, today: datetime.date
) -> list[DepartmentScore]:
    """Every unit's score for the period, ranked (see `scoring.score_departments`)."""
    facts = scoring_facts(period=period, today=today, with_quality=scheme.report_quality_points > 0)
    return scoring.score_departments(
        tasks=facts.tasks,
        reports=facts.reports,
        slips=facts.slips,
        scheme=scheme,
        period=str(period),
    )


def scores_visible_to(*, user: Any, scores: list[DepartmentScore]) -> list[DepartmentScore]:
    """All scores for the office and leaders; a department user only its own unit's (with its
    rank among all); nobody else any."""
    if permissions.can_read_everything(user):
        return scores
    if permissions.is_department_user(user):
        return [score for score in scores if score.department.id == user.department_id]
    return []
