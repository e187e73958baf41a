"""Escalation proposals: a task lagging in two consecutive periods is proposed for a slip,
or for escalating its open slip; the office accepts or dismisses (with a note)."""

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from duban.core.audit import record_event
from duban.core.audit_verbs import AuditVerb
from duban.core.exceptions import DomainError
from duban.core.models import clean_own_fields
from duban.core.status import BEHIND_SCHEDULE, TaskStatus, get_profile
from duban.ledger.models import KeyTask
from duban.reporting.models import ReportingPeriod, StatusDecision
from duban.reporting.selectors import period_previous

from .. import workflow
from ..choices import LEVEL_ORDER, ProposalKind, ProposalState, SlipLevel, next_level
from ..models import EscalationProposal, SupervisionSlip
from ..permissions import can_decide_proposals
from .slips import DEFAULT_REQUIREMENTS, slip_escalate, slip_issue

PROPOSAL_DECIDED = "该建议已经处理过了。"
PROPOSAL_NOTE_REQUIRED = "不采纳建议须填写意见。"
PROPOSAL_NOT_ALLOWED = "只有督查室可以处理督办建议。"
PROPOSAL_SLIP_NOT_OPEN = "该建议所指的督办单({number})已{state},不能再升级;请填写意见后不采纳。"

# The office's decision on a proposal and the audit verb it records.
PROPOSAL_DECISION_VERBS: dict[str, AuditVerb] = {
    ProposalState.ACCEPTED: AuditVerb.PROPOSAL_ACCEPT,
    ProposalState.DISMISSED: AuditVerb.PROPOSAL_DISMISS,
}


def _proposal_reason(
    earlier: ReportingPeriod, earlier_label: str, later: ReportingPeriod, later_label: str
) -> str:
    return (
        f"连续两期进度滞后:{earlier.label}认定状态为{earlier_label},"
        f"{later.label}认定状态为{later_label}。"
    )


def _decided(period: ReportingPeriod) -> dict[int, str]:
    """Task id → the office's decided status in `period` (undecided tasks are absent)."""
    return dict(
        StatusDecision.objects.filter(period=period)
        .exclude(status="")
        .values_list("task_id", "status")
    )


@transaction.atomic
def proposals_refresh(*, period: ReportingPeriod, actor: Any) -> list[EscalationProposal]:
    """Propose a slip — or escalating the task's open slip — for every task the office
    decided 部分滞后 or 进度滞后 in `period` and in the period before it (domain practice
    §6 E.19). The engine's suggestion decides nothing here: a slip starts from a finding.

    Idempotent: a task gets at most one proposal per period, whatever its fate. A task whose
    open slip is already 红 gets none (there is no level above). Returns the new proposals.
    """
    earlier = period_previous(period=period)
    if earlier is None:
        return []
    profile = get_profile(period.plan.status_profile)
    tasks = list(KeyTask.objects.filter(plan_id=period.plan_id).order_by("position"))
    now, before = _decided(period), _decided(earlier)
    proposed = set(
        EscalationProposal.objects.filter(period=period).values_list("task_id", flat=True)
    )
    open_slips = {
        s.task_id: s
        for s in SupervisionSlip.objects.filter(plan_id=period.plan_id)
        .exclude(state__in=workflow.FINAL_STATES)
        .order_by("issued_at")
    }
    created = []
    for task in tasks:
        latest, previous = now.get(task.pk, ""), before.get(task.pk, "")
        if task.pk in proposed or latest not in BEHIND_SCHEDULE or previous not in BEHIND_SCHEDULE:
            continue
        slip = open_slips.get(task.pk)
        if slip is not None and next_level(slip.level) is None:
            continue
        proposal = EscalationProposal(
            task=task,
            period=period,
            kind=ProposalKind.ESCALATE if slip is not None else ProposalKind.SLIP,
            reason=_proposal_reason(
                earlier,
                profile.label_for(previous) or TaskStatus(previous).label,
                period,
                profile.label_for(latest) or TaskStatus(latest).label,
            ),
            slip=slip,
        )
        clean_own_fields(proposal)
        proposal.save()
        record_event(
            actor=actor,
            verb="supervision.proposal_create",
            target=proposal,
            after={
                "task": task.pk,
                "kind": proposal.kind,
                "slip": slip.number_label if slip else None,
            },
            reason=proposal.reason,
        )
        created.append(proposal)
    return created


def _locked_proposal(proposal: EscalationProposal, actor: Any) -> EscalationProposal:
    if not can_decide_proposals(actor):
        raise PermissionDenied(PROPOSAL_NOT_ALLOWED)
    proposal = (
        EscalationProposal.objects.select_for_update(of=("self",))
        .select_related("task", "task__plan", "period", "slip")
        .get(pk=proposal.pk)
    )
    if proposal.state != ProposalState.OPEN:
        raise DomainError(PROPOSAL_DECIDED)
    return proposal


@transaction.atomic
def proposal_accept(
    *,
    proposal: EscalationProposal,
    actor: Any,
    level: str = SlipLevel.BLUE,
    requirements: str = "",
    reply_deadline: datetime.date | None = None,
    note: str = "",
) -> SupervisionSlip:
    """Accept: issue the proposed slip (at `level`) or escalate the open slip one level."""
    proposal = _locked_proposal(proposal, actor)
    if proposal.kind == ProposalKind.ESCALATE and proposal.slip is not None:
        if proposal.slip.state in workflow.FINAL_STATES:
            raise DomainError(
                PROPOSAL_SLIP_NOT_OPEN.format(
                    number=proposal.slip.number_label, state=proposal.slip.get_state_display()
                )
            )
        slip = slip_escalate(
            slip=proposal.slip,
            actor=actor,
            requirements=requirements,
            reply_deadline=reply_deadline,
            reason=proposal.reason,
            period=proposal.period,
        )
    else:
        slip = slip_issue(
            task=proposal.task,
            period=proposal.period,
            level=level if level in LEVEL_ORDER else SlipLevel.BLUE,
            requirements=requirements or f"{proposal.reason}{DEFAULT_REQUIREMENTS}",
            reply_deadline=reply_deadline,
            actor=actor,
        )
    _decide(proposal, ProposalState.ACCEPTED, actor, note.strip(), slip=slip)
    return slip


@transaction.atomic
def proposal_dismiss(*, proposal: EscalationProposal, actor: Any, note: str) -> EscalationProposal:
    """Dismiss a proposal; the office says why."""
    proposal = _locked_proposal(proposal, actor)
    note = note.strip()
    if not note:
        raise DomainError(PROPOSAL_NOTE_REQUIRED)
    _decide(proposal, ProposalState.DISMISSED, actor, note)
    return proposal


def _decide(
    proposal: EscalationProposal,
    state: str,
    actor: Any,
    note: str,
    *,
    slip: SupervisionSlip | None = None,
) -> None:
    proposal.state = state
    proposal.decided_by = actor
    proposal.decided_at = timezone.now()
    proposal.decision_note = note
    fields = ["state", "decided_by", "decided_at", "decision_note"]
    if slip is not None:
        proposal.slip = slip
        fields.append("slip")
    proposal.save(update_fields=fields)
    record_event(
        actor=actor,
        verb=PROPOSAL_DECISION_VERBS[state],
        target=proposal,
        before={"state": ProposalState.OPEN},
        after={"state": state, "slip": slip.number_label if slip else None},
        reason=note,
    )
