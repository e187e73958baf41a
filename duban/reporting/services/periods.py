"""Reporting periods: created by imports, opened and closed by the office."""

import datetime
from typing import Any

from django.db import connection, transaction

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


IMPORT_INTO_CLOSED_PERIOD = (
    "报送期「{label}」已关闭,导入不能改写其中的报告;如确需更正,请先由督查室重新开启该期次。"
)


def period_hold(*, period_id: int) -> ReportingPeriod:
    """The period as it stands now, kept from closing until this transaction ends.

    Callers refuse to write when it is closed.

    Every write into a period's reports takes this first (before any report row, so the
    lock order is always period → report). On PostgreSQL it is a shared row lock: writers in
    one period do not wait for each other, but `period_close` (which takes the row FOR
    UPDATE) waits until they commit, and a writer that comes after the close reads "closed".
    SQLite has no row locks; there the write transaction begins IMMEDIATE (settings), so the
    read below already sees the latest committed state and no close can slip in before commit.
    """
    if connection.vendor == "postgresql":
        table = connection.ops.quote_name(ReportingPeriod._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT 1 FROM {table} WHERE id = %s FOR SHARE", [period_id])  # noqa: S608
    return ReportingPeriod.objects.get(pk=period_id)


def period_closed_to_imports(period: ReportingPeriod) -> bool:
    """An import may not rewrite a period the office opened for reporting and then closed.

    A period an import created is closed from the start (the table is the office's own
    record, and a re-import corrects it); one that went through `period_open` has a due date
    and, once closed, holds what the departments reported and the office accepted.
    """
    return not period.is_open and period.due_date is not None


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
    """Open a period for reporting: one draft report per task in progress (a retired or merged
    task gets none), for its lead department."""
    if ReportingPeriod.objects.filter(plan=plan, label=label).exists():
        raise DomainError(OPEN_PERIOD_EXISTS.format(label=label))
    if due_date < as_of:
        raise DomainError(DUE_BEFORE_AS_OF)
    tasks = list(
        KeyTask.objects.filter(plan=plan, state=KeyTask.State.ACTIVE)
        .prefetch_related("responsibilities")
        .order_by("position")
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
    """Close a period: no more edits or workflow steps on its reports.

    The row is locked first: the close waits for saves already holding the period open
    (`period_hold`) and every later save reads it closed.
    """
    # Lock the row, then read its state into the caller's own object, which this closes.
    ReportingPeriod.objects.select_for_update().only("pk").get(pk=period.pk)
    period.refresh_from_db(fields=["state"])
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
