"""A task's closure (办结 / 销号): apply, verify, confirm, reject, reopen — by `closure_workflow`.

Each step locks the task's row, looks the step up in the table, checks the actor's capacity on
the task, writes, and records an audit event. A confirmed closure decides the task 已完成 in the
plan's latest period; later periods open no report for it (`periods.period_open`).
"""

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from duban.core import evidence
from duban.core.audit import record_event
from duban.core.audit_verbs import AuditVerb
from duban.core.exceptions import DomainError
from duban.core.models import clean_own_fields
from duban.core.status import TaskStatus
from duban.ledger.models import KeyTask

from .. import closure_workflow as flow
from ..models import ClosureAttachment, ReportingPeriod, StatusDecision, TaskClosure
from ..permissions import closure_capacities
from .decisions import status_decision_set

# Messages shown to users (asserted in tests).
CLOSURE_NOT_ALLOWED = "您不能对任务「{task}」执行「{action}」(销号状态:{state})。"
CLOSURE_SUMMARY_REQUIRED = "申请销号请填写「办结情况」。"
CLOSURE_EVIDENCE_REQUIRED = "申请销号请上传至少一份佐证材料。"
CLOSURE_NOTE_REQUIRED = "「{action}」须填写理由。"
CLOSURE_NO_PERIOD = "该任务所在计划还没有期次,无法确认销号。"
# The reason written beside the 已完成 decision a confirmed closure makes.
CLOSED_DECISION_REASON = "已销号({date} 确认)"

CLOSURE_ACTION_VERBS: dict[str, AuditVerb] = {
    flow.APPLY: AuditVerb.CLOSURE_APPLY,
    flow.VERIFY: AuditVerb.CLOSURE_VERIFY,
    flow.CONFIRM: AuditVerb.CLOSURE_CONFIRM,
    flow.REJECT: AuditVerb.CLOSURE_REJECT,
    flow.REOPEN: AuditVerb.CLOSURE_REOPEN,
}


def _check(task: KeyTask, state: str, action: str, actor: Any) -> flow.Transition:
    transition = flow.find_transition(state, action)
    if transition is None or transition.actor not in closure_capacities(actor, task):
        raise PermissionDenied(
            CLOSURE_NOT_ALLOWED.format(
                task=task.seq or task.pk,
                action=flow.ACTION_LABELS.get(action, action),
                state=flow.STATE_LABELS.get(state, state),
            )
        )
    return transition


def _lock_task(task: KeyTask) -> KeyTask:
    # One closure step per task at a time: the second waits and sees the first one's state.
    return KeyTask.objects.select_for_update().select_related("plan").get(pk=task.pk)


def _current(task: KeyTask) -> TaskClosure | None:
    return TaskClosure.objects.filter(task=task, state__in=list(flow.ACTIVE_STATES)).first()


def _latest_period(task: KeyTask) -> ReportingPeriod | None:
    return ReportingPeriod.objects.filter(plan_id=task.plan_id).order_by("-as_of").first()


@transaction.atomic
def closure_apply(
    *, task: KeyTask, summary: str, files: Sequence[tuple[str, bytes]], actor: Any
) -> TaskClosure:
    """The lead department applies to close `task`, with what was done and evidence files
    (pdf, docx, xlsx, pptx, jpg, png — judged by their bytes)."""
    task = _lock_task(task)
    current = _current(task)
    state = current.state if current is not None else flow.NONE
    transition = _check(task, state, flow.APPLY, actor)
    summary = summary.strip()
    if not summary:
        raise DomainError(CLOSURE_SUMMARY_REQUIRED)
    if not files:
        raise DomainError(CLOSURE_EVIDENCE_REQUIRED)
    checked = evidence.checked_files(files)
    closure = TaskClosure(
        task=task,
        state=transition.target,
        summary=summary,
        applied_by=actor,
        applied_at=timezone.now(),
    )
    clean_own_fields(closure)
    closure.save()
    for file in checked:
        evidence.evidence_save(ClosureAttachment(closure=closure), file, actor=actor)
    record_event(
        actor=actor,
        verb=CLOSURE_ACTION_VERBS[flow.APPLY],
        target=closure,
        before={"state": flow.NONE},
        after={
            "state": closure.state,
            "summary": summary,
            "files": [file.name for file in checked],
        },
    )
    return closure


@transaction.atomic
def closure_act(*, closure: TaskClosure, action: str, actor: Any, note: str = "") -> TaskClosure:
    """Verify (office), confirm (leader), reject (office or leader, with a note) or reopen
    (office, with a reason) an application."""
    task = _lock_task(closure.task)
    closure = TaskClosure.objects.get(pk=closure.pk)
    transition = _check(task, closure.state, action, actor)
    note = note.strip()
    if transition.needs_note and not note:
        raise DomainError(CLOSURE_NOTE_REQUIRED.format(action=flow.ACTION_LABELS[action]))
    now = timezone.now()
    source = closure.state
    closure.state = transition.target
    if action == flow.VERIFY:
        closure.verified_by, closure.verified_at = actor, now
    elif action in (flow.CONFIRM, flow.REJECT):
        closure.decided_by, closure.decided_at = actor, now
    if note:
        closure.note = note
    if action == flow.CONFIRM:
        period = _latest_period(task)
        if period is None:
            raise DomainError(CLOSURE_NO_PERIOD)
        closure.period = period
    clean_own_fields(closure)
    closure.save()
    record_event(
        actor=actor,
        verb=CLOSURE_ACTION_VERBS[action],
        target=closure,
        before={"state": source},
        after={"state": closure.state},
        reason=note,
    )
    if action == flow.CONFIRM and closure.period is not None:
        status_decision_set(
            task=task,
            period=closure.period,
            status=TaskStatus.COMPLETED,
            reason=CLOSED_DECISION_REASON.format(date=f"{timezone.localdate():%Y-%m-%d}"),
            actor=actor,
        )
    if action == flow.REOPEN:
        _undo_closed_decision(task, note, actor)
    return closure


def _undo_closed_decision(task: KeyTask, reason: str, actor: Any) -> None:
    """A reopened task is no longer 已完成 in the periods its closure decided: the office
    decides its status again."""
    prefix = CLOSED_DECISION_REASON.split("(")[0]
    for decision in StatusDecision.objects.filter(task=task, reason__startswith=prefix):
        status_decision_set(
            task=task, period=decision.period, status="", reason=f"重启:{reason}", actor=actor
        )
