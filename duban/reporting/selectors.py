"""Reads of periods, reports and decided statuses."""

from django.db.models import Prefetch

from duban.core.status import get_profile
from duban.exports.table import PrintedRow
from duban.ledger.models import KeyTask, Plan, TaskResponsibility
from duban.orgs.models import Department

from .models import ProgressReport, ReportingPeriod, StatusDecision


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
            Prefetch("responsibilities", queryset=TaskResponsibility.objects.order_by("position"))
        )
    )
    reports = {r.task_id: r for r in ProgressReport.objects.filter(period=period)}
    decisions = {d.task_id: d for d in StatusDecision.objects.filter(period=period)}
    rows = []
    for task in tasks:
        report = reports.get(task.pk)
        decision = decisions.get(task.pk)
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
            )
        )
    return rows


def period_list(*, plan: Plan) -> list[ReportingPeriod]:
    return list(ReportingPeriod.objects.filter(plan=plan).order_by("as_of"))


def statuses_by_task(*, period: ReportingPeriod) -> dict[int, str]:
    """Decided status (canonical) per task id for one period."""
    return dict(StatusDecision.objects.filter(period=period).values_list("task_id", "status"))


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
