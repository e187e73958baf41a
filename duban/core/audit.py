"""`record_event`: the single way services write to the audit trail."""

from typing import Any

from django.db import models

from .models import AuditEvent


def record_event(
    *,
    actor: Any,
    verb: str,
    target: models.Model | None = None,
    before: Any = None,
    after: Any = None,
    reason: str = "",
    success: bool = True,
    actor_label: str = "",
    target_label: str = "",
) -> AuditEvent:
    """Append one audit event. `actor` is a user, or None for the system (commands, jobs)."""
    user = actor if getattr(actor, "is_authenticated", False) else None
    label = actor_label or (user.get_username() if user is not None else "系统")
    return AuditEvent.objects.create(
        actor=user,
        actor_label=label,
        verb=verb,
        target_type=target._meta.label if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        target_label=(target_label or (str(target) if target is not None else ""))[:255],
        before=before,
        after=after,
        reason=reason,
        success=success,
    )
