"""`record_event`: the single way services write to the audit trail."""

from typing import Any, Final

from django.db import models

from .audit_verbs import AuditVerb
from .models import AuditEvent

SYSTEM_LABEL: Final = "系统"
UNKNOWN_VERB: Final = "审计事件“{verb}”未登记:请先在 duban/core/audit_verbs.py 中登记。"


class UnknownAuditVerbError(ValueError):
    """A verb not listed in `AuditVerb`: a programming error, never a user's."""


class SystemActor:
    """The actor of work nobody signed in for: demo loading, commands, scheduled jobs.

    Services take `actor=` without a default, so running as the system is a visible choice
    (`actor=SYSTEM`) rather than what a forgotten argument turns into.
    """

    is_authenticated = False
    pk = None

    def __str__(self) -> str:
        return SYSTEM_LABEL

    def __repr__(self) -> str:
        return "SYSTEM"


SYSTEM: Final = SystemActor()


def user_or_none(actor: Any) -> Any:
    """The signed-in user behind `actor`, for a foreign key; None for the system."""
    return actor if getattr(actor, "is_authenticated", False) else None


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
    """Append one audit event. `actor` is a user, `SYSTEM`, or anonymous (a failed sign-in).

    `verb` must be listed in `AuditVerb`; an unlisted verb is a programming error and raises.
    """
    if verb not in AuditVerb.values:
        raise UnknownAuditVerbError(UNKNOWN_VERB.format(verb=verb))
    user = user_or_none(actor)
    label = actor_label or (user.get_username() if user is not None else SYSTEM_LABEL)
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
