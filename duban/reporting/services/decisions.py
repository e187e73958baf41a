"""The status the office decides per task and period (认定状态)."""

from typing import Any

from duban.core.audit import record_event, user_or_none
from duban.core.models import clean_own_fields
from duban.ledger.models import KeyTask

from ..models import ReportingPeriod, StatusDecision


def status_decision_set(
    *,
    task: KeyTask,
    period: ReportingPeriod,
    status: str,
    reason: str = "",
    printed_label: str | None = None,
    actor: Any,
    evidence: dict[str, Any] | None = None,
) -> StatusDecision:
    """Record the status the office decided for a task in a period ("" = no status).

    `printed_label` is the word an imported table printed, when not the plan's own (顺利推进);
    None keeps the one recorded.

    Nothing is written when status and reason are unchanged. `evidence` (the engine's
    suggestion, for instance) goes into the audit event beside the decision.
    """
    decision = StatusDecision.objects.filter(task=task, period=period).first()
    before = {"status": decision.status, "reason": decision.reason} if decision else None
    after = {"status": status, "reason": reason}
    if printed_label is not None and before is not None:
        before["printed_label"] = decision.printed_label if decision else ""
    if printed_label is not None:
        after["printed_label"] = printed_label
    if decision is not None and before == after:
        return decision
    if decision is None:
        decision = StatusDecision(task=task, period=period)
    decision.status, decision.reason = status, reason
    if printed_label is not None:
        decision.printed_label = printed_label
    decision.decided_by = user_or_none(actor)
    clean_own_fields(decision)
    decision.save()
    record_event(
        actor=actor,
        verb="reporting.status_decide",
        target=decision,
        before=before,
        after={**after, **(evidence or {})},
        reason=reason,
    )
    return decision
