"""Writes of the assessment app: confirmed indicators, kept suggestions, decided statuses.

Assessment sits above ledger and reporting: it writes a task's `Indicator` rows through its
own service (`indicators_confirm`) and decides statuses through reporting's
`status_decision_set`, adding the suggestion it was decided against to the audit trail.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from duban.core.audit import record_event
from duban.core.exceptions import DomainError
from duban.core.status import TaskStatus, get_profile
from duban.ledger.models import Indicator, KeyTask
from duban.reporting.models import ReportingPeriod, StatusDecision
from duban.reporting.services.decisions import status_decision_set

from .kept import assessment_refresh, assessments_refresh
from .models import IndicatorReview, StatusRules

DECISION_REASON_REQUIRED = "认定状态与建议状态“{suggested}”不同,请填写理由。"
STATUS_NOT_IN_PROFILE = "“{label}”不在本计划的状态口径中,不能认定。"
TASK_NOT_IN_PERIOD = "该任务不属于此期次的年度计划。"
INDICATOR_INVALID = "第{number}项指标填写有误:{detail}"


# --- Indicators ---------------------------------------------------------------------------


@dataclass(frozen=True)
class IndicatorItem:
    """One confirmed or corrected target: value and unit as printed (16, 万人)."""

    name: str
    kind: str
    target_value: Decimal
    unit: str = ""
    qualifier: str = ""
    source_text: str = ""


def _indicator_record(indicator: Indicator) -> dict[str, str]:
    return {
        "name": indicator.name,
        "kind": indicator.kind,
        "target_value": f"{indicator.target_value.normalize():f}",
        "unit": indicator.unit,
        "qualifier": indicator.qualifier,
        "source_text": indicator.source_text,
    }


@transaction.atomic
def indicators_confirm(
    *, task: KeyTask, items: Sequence[IndicatorItem], actor: Any
) -> list[Indicator]:
    """Replace the task's indicators with the office's confirmed or corrected list.

    An empty list is a confirmation too: the numbers the task prints are not targets, and the
    extractor's reading no longer applies. The task's suggestions are recomputed at once.
    """
    task = KeyTask.objects.select_for_update().get(pk=task.pk)
    previous = list(task.indicators.order_by("position"))
    was_reviewed = IndicatorReview.objects.filter(task=task).exists()
    user = actor if getattr(actor, "is_authenticated", False) else None
    now = timezone.now()
    # Old rows go first: the new list reuses their positions.
    Indicator.objects.filter(task=task).delete()
    created: list[Indicator] = []
    for number, item in enumerate(items, start=1):
        indicator = Indicator(
            task=task,
            position=number - 1,
            name=item.name.strip(),
            kind=item.kind,
            target_value=item.target_value,
            unit=item.unit.strip(),
            qualifier=item.qualifier.strip(),
            source_text=item.source_text.strip(),
            confirmed_by=user,
            confirmed_at=now,
        )
        try:
            indicator.full_clean()
        except ValidationError as error:
            detail = ";".join(
                message for messages in error.message_dict.values() for message in messages
            )
            raise DomainError(INDICATOR_INVALID.format(number=number, detail=detail)) from error
        indicator.save()
        created.append(indicator)
    IndicatorReview.objects.update_or_create(
        task=task, defaults={"reviewed_by": user, "reviewed_at": now}
    )
    record_event(
        actor=actor,
        verb="assessment.indicators_confirm",
        target=task,
        before={"reviewed": was_reviewed, "indicators": [_indicator_record(i) for i in previous]},
        after={"reviewed": True, "indicators": [_indicator_record(i) for i in created]},
    )
    for period in ReportingPeriod.objects.filter(plan_id=task.plan_id).select_related("plan"):
        assessments_refresh(period=period, tasks=[task])
    return created


# --- Thresholds ---------------------------------------------------------------------------


@transaction.atomic
def status_rules_save(*, rules: StatusRules, actor: Any) -> StatusRules:
    """Save a plan's thresholds (audited). Kept suggestions recompute on their next read,
    since the thresholds are part of their inputs' fingerprint."""
    previous = StatusRules.objects.filter(pk=rules.pk).first() if rules.pk else None
    fields = [
        "ahead_ratio",
        "partly_behind_max_gap_pp",
        "tolerance_pp",
        "rate_tolerance_pp",
        "read_schedule_statements",
    ]
    before = {f: str(getattr(previous, f)) for f in fields} if previous else None
    rules.full_clean()
    rules.save()
    after = {f: str(getattr(rules, f)) for f in fields}
    if before != after:
        record_event(
            actor=actor, verb="assessment.rules_save", target=rules, before=before, after=after
        )
    return rules


# --- Decisions ----------------------------------------------------------------------------


@transaction.atomic
def status_decide(
    *, task: KeyTask, period: ReportingPeriod, status: str, reason: str = "", actor: Any
) -> StatusDecision:
    """Decide the task's status for the period (认定状态) beside the engine's suggestion.

    Confirming the suggestion needs no reason; a status that differs from it does (domain
    practice §6 F.27). When the engine found no grounds (暂不评估) there is nothing to differ
    from, so no reason is required. The audit event keeps both the suggestion and the decision.
    """
    if task.plan_id != period.plan_id:
        raise DomainError(TASK_NOT_IN_PERIOD)
    profile = get_profile(period.plan.status_profile)
    if status not in profile.labels:
        label = TaskStatus(status).label if status in TaskStatus.values else status
        raise DomainError(STATUS_NOT_IN_PROFILE.format(label=label))
    reason = reason.strip()
    assessment = assessment_refresh(task=task, period=period)
    agrees = status == assessment.status
    if assessment.is_assessable and not agrees and not reason:
        raise DomainError(DECISION_REASON_REQUIRED.format(suggested=assessment.label))
    return status_decision_set(
        task=task,
        period=period,
        status=status,
        reason=reason,
        actor=actor,
        evidence={
            "suggested_status": assessment.status,
            "suggested_label": assessment.label,
            "suggested_reasons": assessment.reasons,
            "agrees_with_suggestion": agrees,
        },
    )
