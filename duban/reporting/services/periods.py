"""Reporting periods: created by imports, opened and closed by the office."""

import datetime
from typing import Any

from django.db import transaction

from duban.core.audit import record_event
from duban.core.exceptions import DomainError
from duban.core.status import TaskStatus
from duban.ledger.models import KeyTask, Plan

from ..choices import ClosureState, PeriodState, ReportState
from ..models import ProgressReport, ReportingPeriod, StatusDecision, TaskClosure


@transaction.atomic
def period_get_or_create(
    *, plan: Plan, label: str, as_of: datetime.date, actor: Any
) -> tuple[ReportingPeriod, bool]:
    """The plan's period called `label`; its as-of date is updated if it changed."""
    period = ReportingPeriod.objects.filter(plan=plan, label=label).first()
    if period is None:
        period = ReportingPeriod(plan=plan, label=label, as_of=as_of)
        period.full_clean()
        period.save()
        record_event(
            actor=actor,
            verb="reporting.period_create",
            target=period,
            after={"label": label, "as_of": as_of.isoformat()},
        )
        return period, True
    if period.as_of != as_of:
        before = period.as_of.isoformat()
        period.as_of = as_of
        period.save(update_fields=["as_of"])
        record_event(
            actor=actor,
            verb="reporting.period_update",
            target=period,
            before={"as_of": before},
            after={"as_of": as_of.isoformat()},
        )
    return period, False


OPEN_PERIOD_EXISTS = "「{label}」已存在。"
DUE_BEFORE_AS_OF = "填报截止日期不能早于截至日期。"
PERIOD_HAS_NO_TASKS = "该计划还没有任务,无法开启填报。"
CLOSED_TASK_REASON = "已销号,本期不再填报"


@transaction.atomic
def period_open(
    *,
    plan: Plan,
    label: str,
    as_of: datetime.date,
    due_date: datetime.date,
    actor: Any,
) -> ReportingPeriod:
    """Open a period for reporting: one draft report per task, for its lead department."""
    if ReportingPeriod.objects.filter(plan=plan, label=label).exists():
        raise DomainError(OPEN_PERIOD_EXISTS.format(label=label))
    if due_date < as_of:
        raise DomainError(DUE_BEFORE_AS_OF)
    tasks = list(
        KeyTask.objects.filter(plan=plan).prefetch_related("responsibilities").order_by("position")
    )
    if not tasks:
        raise DomainError(PERIOD_HAS_NO_TASKS)
    period = ReportingPeriod(
        plan=plan, label=label, as_of=as_of, due_date=due_date, state=PeriodState.OPEN
    )
    period.full_clean()
    period.save()
    closed = set(
        TaskClosure.objects.filter(task__plan=plan, state=ClosureState.CONFIRMED).values_list(
            "task_id", flat=True
        )
    )
    # A closed task (已销号) reports no more: it is 已完成 in every later period.
    StatusDecision.objects.bulk_create(
        StatusDecision(
            task_id=task_id, period=period, status=TaskStatus.COMPLETED, reason=CLOSED_TASK_REASON
        )
        for task_id in sorted(closed)
    )
    reports = []
    for task in tasks:
        if task.pk in closed:
            continue
        lead = next(iter(task.responsibilities.all()), None)
        if lead is not None:
            reports.append(
                ProgressReport(
                    task=task,
                    period=period,
                    department_id=lead.department_id,
                    state=ReportState.DRAFT,
                )
            )
    ProgressReport.objects.bulk_create(reports)
    record_event(
        actor=actor,
        verb="reporting.period_open",
        target=period,
        after={
            "label": label,
            "as_of": as_of.isoformat(),
            "due_date": due_date.isoformat(),
            "reports": len(reports),
            "closed_tasks": len(closed),
        },
    )
    return period


@transaction.atomic
def period_close(*, period: ReportingPeriod, actor: Any) -> ReportingPeriod:
    """Close a period: no more edits or workflow steps on its reports."""
    if period.state == PeriodState.CLOSED:
        return period
    period.state = PeriodState.CLOSED
    period.save(update_fields=["state"])
    record_event(
        actor=actor,
        verb="reporting.period_close",
        target=period,
        before={"state": "open"},
        after={"state": "closed"},
    )
    return period
