"""Filtering the audit trail for the office."""

import datetime
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils import timezone

from duban.core.audit_verbs import AuditVerb
from duban.core.models import AuditEvent


@dataclass(frozen=True)
class AuditFilters:
    actor: str = ""
    verb: str = ""
    target: str = ""
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    failures_only: bool = False


def audit_event_list(*, filters: AuditFilters) -> QuerySet[AuditEvent]:
    events = AuditEvent.objects.all().order_by("-occurred_at", "-id")
    if filters.actor:
        events = events.filter(actor_label__icontains=filters.actor)
    if filters.verb:
        events = events.filter(verb__startswith=filters.verb)
    if filters.target:
        events = events.filter(
            Q(target_label__icontains=filters.target) | Q(target_id=filters.target)
        )
    tz = timezone.get_current_timezone()
    if filters.date_from:
        start = datetime.datetime.combine(filters.date_from, datetime.time.min, tzinfo=tz)
        events = events.filter(occurred_at__gte=start)
    if filters.date_to:
        end = datetime.datetime.combine(filters.date_to, datetime.time.max, tzinfo=tz)
        events = events.filter(occurred_at__lte=end)
    if filters.failures_only:
        events = events.filter(success=False)
    return events


def audit_verb_choices() -> list[tuple[str, str]]:
    """Every registered verb with its label, for the page's 事件 filter."""
    return [(str(value), str(label)) for value, label in AuditVerb.choices]


def audit_verb_filter(requested: str) -> str:
    """The verb filter the page may apply: a registered verb, an app's part of one
    (`reporting`, for every reporting event), or nothing."""
    if requested in AuditVerb.values:
        return requested
    areas = {value.split(".", 1)[0] for value in AuditVerb.values}
    return requested if requested in areas else ""
