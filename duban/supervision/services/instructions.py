"""Leader instructions (领导批示): the office records, the lead department signs and replies.

Each step locks the instruction, checks `instruction_workflow` and the actor's capacity on the
task, writes and records an audit event. Nothing here feeds the appraisal.
"""

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from duban.core.audit import record_event
from duban.core.audit_verbs import AuditVerb
from duban.core.exceptions import DomainError
from duban.core.models import clean_own_fields
from duban.ledger.models import KeyTask

from .. import instruction_workflow as flow
from ..models import LeaderInstruction
from ..permissions import can_record_instruction, instruction_capacities

# Messages shown to users (asserted in tests).
INSTRUCTION_RECORD_NOT_ALLOWED = "只有督查室可以登记领导批示。"
INSTRUCTION_TEXT_REQUIRED = "请填写「批示内容」。"
INSTRUCTION_LEADER_REQUIRED = "请填写「批示领导」。"
INSTRUCTION_DUE_BEFORE_DATE = "「回复期限」不能早于「批示日期」。"
INSTRUCTION_NOT_ALLOWED = "您不能对此批示执行「{action}」(当前状态:{state})。"
INSTRUCTION_REPLY_REQUIRED = "请填写「落实情况」。"


def _facts(instruction: LeaderInstruction) -> dict[str, Any]:
    return {
        "task": instruction.task_id,
        "leader": instruction.leader,
        "text": instruction.text,
        "instructed_on": instruction.instructed_on.isoformat(),
        "reply_due": instruction.reply_due.isoformat() if instruction.reply_due else None,
        "state": instruction.state,
    }


@transaction.atomic
def instruction_record(
    *,
    task: KeyTask,
    text: str,
    leader: str,
    instructed_on: datetime.date,
    actor: Any,
    reply_due: datetime.date | None = None,
) -> LeaderInstruction:
    """The office records a leader's instruction on `task`."""
    if not can_record_instruction(actor):
        raise PermissionDenied(INSTRUCTION_RECORD_NOT_ALLOWED)
    text, leader = text.strip(), leader.strip()
    if not text:
        raise DomainError(INSTRUCTION_TEXT_REQUIRED)
    if not leader:
        raise DomainError(INSTRUCTION_LEADER_REQUIRED)
    if reply_due is not None and reply_due < instructed_on:
        raise DomainError(INSTRUCTION_DUE_BEFORE_DATE)
    instruction = LeaderInstruction(
        task=task,
        text=text,
        leader=leader,
        instructed_on=instructed_on,
        reply_due=reply_due,
        state=flow.RECORDED,
        recorded_by=actor,
    )
    clean_own_fields(instruction)
    instruction.save()
    record_event(
        actor=actor,
        verb=AuditVerb.INSTRUCTION_RECORD,
        target=instruction,
        after=_facts(instruction),
    )
    return instruction


def _locked(instruction: LeaderInstruction) -> LeaderInstruction:
    return (
        LeaderInstruction.objects.select_for_update(of=("self",))
        .select_related("task")
        .get(pk=instruction.pk)
    )


def _check(instruction: LeaderInstruction, action: str, actor: Any) -> flow.Transition:
    transition = flow.find_transition(instruction.state, action)
    if transition is None or transition.actor not in instruction_capacities(
        actor, instruction.task
    ):
        raise PermissionDenied(
            INSTRUCTION_NOT_ALLOWED.format(
                action=flow.ACTION_LABELS.get(action, action),
                state=instruction.get_state_display(),
            )
        )
    return transition


@transaction.atomic
def instruction_sign(*, instruction: LeaderInstruction, actor: Any) -> LeaderInstruction:
    """The lead department signs for the instruction (签收)."""
    instruction = _locked(instruction)
    transition = _check(instruction, flow.SIGN, actor)
    instruction.state = transition.target
    instruction.signed_by, instruction.signed_at = actor, timezone.now()
    instruction.save(update_fields=["state", "signed_by", "signed_at"])
    record_event(
        actor=actor,
        verb=AuditVerb.INSTRUCTION_SIGN,
        target=instruction,
        before={"state": transition.source},
        after={"state": instruction.state},
    )
    return instruction


@transaction.atomic
def instruction_reply(
    *, instruction: LeaderInstruction, reply: str, actor: Any
) -> LeaderInstruction:
    """The lead department reports how the instruction was carried out (落实情况)."""
    instruction = _locked(instruction)
    transition = _check(instruction, flow.REPLY, actor)
    reply = reply.strip()
    if not reply:
        raise DomainError(INSTRUCTION_REPLY_REQUIRED)
    instruction.state = transition.target
    instruction.reply = reply
    instruction.replied_by, instruction.replied_at = actor, timezone.now()
    instruction.save(update_fields=["state", "reply", "replied_by", "replied_at"])
    record_event(
        actor=actor,
        verb=AuditVerb.INSTRUCTION_REPLY,
        target=instruction,
        before={"state": transition.source},
        after={"state": instruction.state, "reply": reply},
    )
    return instruction
