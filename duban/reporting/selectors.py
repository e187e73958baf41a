"""Reads of periods, reports and decided statuses."""

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, QuerySet

from duban.accounts import permissions
from duban.accounts.models import Role
from duban.core.status import get_profile
from duban.exports.table import PrintedRow
from duban.ledger.models import KeyTask, Plan, TaskResponsibility
from duban.ledger.selectors import baseline_notes, key_task_scope, plan_scope
from duban.orgs.models import Department
from duban.orgs.selectors import unit_ids_speaking_for

from . import closure_workflow, workflow
from .choices import FORECAST_AT_RISK, ClosureState, PeriodState, ReportState, YearForecast
from .models import (
    ProgressReport,
    ReportContribution,
    ReportingPeriod,
    StatusDecision,
    TaskClosure,
)


def period_get(*, government: Department, year: int, label: str) -> ReportingPeriod | None:
    return (
        ReportingPeriod.objects.select_related("plan", "plan__government")
        .filter(plan__government=government, plan__year=year, label=label)
        .first()
    )


def progress_table_rows(*, period: ReportingPeriod) -> list[PrintedRow]:
    """The period's table in ledger order: every task with its report and decided status."""
    plan: Plan = period.plan
    profile = get_profile(plan.status_profile)
    tasks = (
        KeyTask.objects.filter(plan=plan)
        .order_by("position")
        .prefetch_related(
            Prefetch(
                "responsibilities",
                queryset=TaskResponsibility.objects.select_related("department").order_by(
                    "position"
                ),
            )
        )
    )
    reports = {r.task_id: r for r in ProgressReport.objects.filter(period=period)}
    decisions = {d.task_id: d for d in StatusDecision.objects.filter(period=period)}
    notes = baseline_notes(task_ids=[task.pk for task in tasks])
    rows = []
    for task in tasks:
        report = reports.get(task.pk)
        decision = decisions.get(task.pk)
        if not task.is_active and report is None and decision is None:
            continue  # retired or merged before this period: not in its table
        note = notes.get(task.pk)
        status = decision.status if decision else ""
        rows.append(
            PrintedRow(
                seq=task.seq,
                task=task.text,
                progress=report.progress if report else "",
                departments_text=task.responsible_text,
                departments=[r.printed_name for r in task.responsibilities.all()],
                status=status,
                status_label=profile.label_for(status),
                unit_names=tuple(r.department.name for r in task.responsibilities.all()),
                baseline_note=str(note) if note else "",
            )
        )
    return rows


def periods_with_data() -> QuerySet[ReportingPeriod]:
    """Periods with something in them: a report with progress written, or a decided status.

    An opened period holds one empty draft per task, so having reports is not having data.
    """
    return ReportingPeriod.objects.filter(
        Exists(ProgressReport.objects.filter(period=OuterRef("pk")).exclude(progress=""))
        | Exists(StatusDecision.objects.filter(period=OuterRef("pk")).exclude(status=""))
    )


def period_scope(*, user: Any) -> QuerySet[ReportingPeriod]:
    """The periods of the plans `user` sees."""
    return ReportingPeriod.objects.filter(plan__in=plan_scope(user=user)).select_related(
        "plan", "plan__government"
    )


def period_choices_for(*, user: Any) -> QuerySet[ReportingPeriod]:
    """The periods `user` sees, newest first (the period picker of every page)."""
    return period_scope(user=user).order_by("-as_of", "plan_id")


def period_get_for(*, user: Any, pk: int) -> ReportingPeriod | None:
    return period_scope(user=user).filter(pk=pk).first()


def period_choose(
    *, user: Any, plan: Plan | None = None, requested_id: int | None = None
) -> ReportingPeriod | None:
    """The period a page or the API shows — the one chooser every page uses.

    `requested_id` (the `?period=` of the page) picks that period, or None when it does not
    exist (or is not `plan`'s, or is another government's). Without one the default is the
    latest period (by the date its figures run to) that has data — a written report or a
    decided status — so a period just opened, still empty, does not greet the reader with an
    empty page; when no period has data, the latest period. `plan` limits both to that plan's
    periods; without it, every plan `user` sees.
    """
    periods = period_scope(user=user)
    if plan is not None:
        periods = periods.filter(plan=plan)
    if requested_id is not None:
        return periods.filter(pk=requested_id).first()
    newest_first = periods.order_by("-as_of", "-pk")
    with_data = newest_first.filter(pk__in=periods_with_data().values("pk")).first()
    return with_data or newest_first.first()


def period_list(*, plan: Plan) -> list[ReportingPeriod]:
    return list(ReportingPeriod.objects.filter(plan=plan).order_by("as_of"))


def statuses_by_task(*, period: ReportingPeriod) -> dict[int, str]:
    """Decided status (canonical) per task id for one period."""
    return dict(StatusDecision.objects.filter(period=period).values_list("task_id", "status"))


def reports_by_task(*, period: ReportingPeriod) -> dict[int, ProgressReport]:
    """The period's report per task id (for exports that carry the progress text)."""
    return {report.task_id: report for report in ProgressReport.objects.filter(period=period)}


def task_history(*, task: KeyTask) -> list[tuple[ReportingPeriod, ProgressReport | None, str]]:
    """Every period of the task's plan with its report and decided status, oldest first."""
    reports = {
        r.period_id: r
        for r in ProgressReport.objects.filter(task=task).select_related("department")
    }
    decisions = dict(StatusDecision.objects.filter(task=task).values_list("period_id", "status"))
    return [
        (period, reports.get(period.pk), decisions.get(period.pk, ""))
        for period in ReportingPeriod.objects.filter(plan_id=task.plan_id).order_by("as_of")
    ]


def decisions_for_task(*, task: KeyTask) -> dict[int, StatusDecision]:
    """The task's decided statuses by period id, with who decided (the reason is on the row)."""
    return {
        d.period_id: d
        for d in StatusDecision.objects.filter(task=task).select_related("decided_by")
    }


@dataclass(frozen=True)
class InboxItem:
    """One line of 我的任务 / 审核队列."""

    report: ProgressReport
    overdue: bool
    returned: bool
    contribution_only: bool = False


def report_scope(*, user: Any) -> QuerySet[ProgressReport]:
    """Every report `user` may see (the task scope applies to reports too)."""
    return ProgressReport.objects.filter(task__in=key_task_scope(user=user))


def report_get_brief_for(*, user: Any, pk: int) -> ProgressReport | None:
    """A report with just what its JSON shows (the API's hot path at a deadline)."""
    return (
        report_scope(user=user).select_related("task", "period", "department").filter(pk=pk).first()
    )


def report_get_for(*, user: Any, pk: int) -> ProgressReport | None:
    return (
        report_scope(user=user)
        .select_related("task", "task__plan", "period", "period__plan", "department", "updated_by")
        .prefetch_related(
            Prefetch(
                "task__responsibilities",
                queryset=TaskResponsibility.objects.select_related("department").order_by(
                    "position"
                ),
            ),
            "figures",
            "versions",
            "reviews__actor",
            "attachments",
            Prefetch(
                "contributions", queryset=ReportContribution.objects.select_related("department")
            ),
        )
        .filter(pk=pk)
        .first()
    )


def inbox_for(*, user: Any, today: datetime.date) -> list[InboxItem]:
    """What awaits `user` in open periods: to fill, to approve, or to review."""
    reports = (
        report_scope(user=user)
        .filter(period__state=PeriodState.OPEN)
        # A closed task (已销号) asks nothing more of anyone.
        .exclude(task__closures__state=ClosureState.CONFIRMED)
        .select_related("task", "period", "department")
        .order_by("period__due_date", "task__position")
    )
    role = permissions.role_of(user)
    items: list[InboxItem] = []
    if permissions.is_office(user):
        wanted = reports.filter(state=ReportState.SUBMITTED)
    elif role == Role.HEAD and user.department_id:
        wanted = reports.filter(department_id=user.department_id, state=ReportState.PENDING_HEAD)
    elif role == Role.LIAISON and user.department_id:
        wanted = reports.filter(
            department_id=user.department_id,
            state__in=[ReportState.DRAFT, ReportState.RETURNED, ReportState.PENDING_HEAD],
        )
        co_led = (
            reports.filter(
                task__responsibilities__department_id__in=unit_ids_speaking_for(user.department),
                state__in=[ReportState.DRAFT, ReportState.RETURNED],
            )
            .exclude(department_id=user.department_id)
            # Once the co-department's part is saved it is done: no longer a to-do.
            .exclude(
                Exists(
                    ReportContribution.objects.filter(
                        report=OuterRef("pk"), department_id=user.department_id
                    ).exclude(text="")
                )
            )
            .distinct()
        )
        # A co-department's part is not a report of its own: it is never counted as overdue.
        items.extend(
            InboxItem(report=r, overdue=False, returned=False, contribution_only=True)
            for r in co_led
        )
    else:
        return []
    lead_items = [
        InboxItem(
            report=r,
            overdue=workflow.is_overdue(r.state, r.period.due_date, today),
            returned=r.state == ReportState.RETURNED,
        )
        for r in wanted
    ]
    return lead_items + items


def period_report_counts(*, period: ReportingPeriod, today: datetime.date) -> dict[str, int]:
    """How far a period's reporting got: counts by state, and overdue."""
    counts = dict.fromkeys(ReportState.values, 0)
    overdue = 0
    for state in ProgressReport.objects.filter(period=period).values_list("state", flat=True):
        counts[state] += 1
        overdue += workflow.is_overdue(state, period.due_date, today)
    counts["overdue"] = overdue
    return counts


def figure_rows_initial(*, report: ProgressReport) -> list[dict[str, Any]]:
    """The report form's figure rows: what was reported, then a row for every confirmed
    indicator not yet reported (name and unit filled, January to the period's month), so the
    department types numbers rather than retyping the office's targets."""
    rows = [
        {
            "name": f.name,
            "value": f.value,
            "unit": f.unit,
            "month_from": f.month_from,
            "month_to": f.month_to,
        }
        for f in report.figures.all()
    ]
    reported = {row["name"] for row in rows}
    month_to = report.period.as_of.month
    for indicator in report.task.indicators.order_by("position"):
        if indicator.name in reported:
            continue
        reported.add(indicator.name)
        rows.append(
            {"name": indicator.name, "unit": indicator.unit, "month_from": 1, "month_to": month_to}
        )
    return rows


def previous_report(*, report: ProgressReport) -> ProgressReport | None:
    """The same task's report in the period before this one."""
    return (
        ProgressReport.objects.filter(task_id=report.task_id, period__as_of__lt=report.period.as_of)
        .select_related("period")
        .order_by("-period__as_of")
        .first()
    )


def period_previous(*, period: ReportingPeriod) -> ReportingPeriod | None:
    """The plan's period just before `period`, by the date its figures run to."""
    return (
        ReportingPeriod.objects.filter(plan_id=period.plan_id, as_of__lt=period.as_of)
        .order_by("-as_of", "-pk")
        .first()
    )


# --- 预计全年 ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ForecastView:
    """A report's year-end forecast as pages show it beside the status."""

    value: str
    label: str
    figure: str  # "260亿元", "" when the task has no figure
    at_risk: bool  # 有困难 / 不能完成: flagged even when the status is on schedule today


def forecast_of(report: ProgressReport | None) -> ForecastView | None:
    if report is None or not report.forecast:
        return None
    figure = ""
    if report.forecast_figure is not None:
        figure = f"{report.forecast_figure.normalize():f}{report.forecast_unit}"
    return ForecastView(
        value=report.forecast,
        label=YearForecast(report.forecast).label,
        figure=figure,
        at_risk=report.forecast in FORECAST_AT_RISK,
    )


def forecasts_for_period(*, period_id: int) -> dict[int, ForecastView]:
    """Task id → the forecast its lead department gave in this period (tasks with one)."""
    reports = ProgressReport.objects.filter(period_id=period_id).exclude(forecast="")
    reports = reports.only("task_id", "forecast", "forecast_figure", "forecast_unit")
    views = {r.task_id: forecast_of(r) for r in reports}
    return {task_id: view for task_id, view in views.items() if view is not None}


# --- 销号 ----------------------------------------------------------------------------------


def closed_task_ids(*, plan_id: int) -> set[int]:
    """The plan's tasks whose closure a leader confirmed (已销号) and nobody reopened."""
    return set(
        TaskClosure.objects.filter(task__plan_id=plan_id, state=ClosureState.CONFIRMED).values_list(
            "task_id", flat=True
        )
    )


def closure_current(*, task: KeyTask) -> TaskClosure | None:
    """The task's application under way or confirmed, if any (at most one)."""
    return (
        TaskClosure.objects.filter(task=task, state__in=list(closure_workflow.ACTIVE_STATES))
        .select_related("applied_by", "verified_by", "decided_by", "period")
        .first()
    )


def closure_history(*, task: KeyTask) -> list[TaskClosure]:
    return list(
        TaskClosure.objects.filter(task=task)
        .select_related("applied_by", "verified_by", "decided_by", "period")
        .prefetch_related("attachments")
        .order_by("-applied_at", "-id")
    )
