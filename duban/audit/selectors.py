"""Filtering the audit trail for the office."""

import datetime
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils import timezone

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


def audit_verbs() -> list[str]:
    return list(AuditEvent.objects.values_list("verb", flat=True).distinct().order_by("verb"))
