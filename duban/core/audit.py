"""`record_event`: the single way services write to the audit trail.

Each event is also logged, after its transaction commits, as one JSON line to the logger
`duban.audit`, which goes to the city's log-audit appliance over syslog when
`DUBAN_AUDIT_SYSLOG` is set (`copy_trail_to_syslog`); without it nothing is formatted.
Rows leave the table only through `audit_prune`, past the retention period (decision 0027).
"""

import datetime
import json
import logging
import logging.handlers
import socket
from typing import Any, Final
from urllib.parse import urlsplit

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models, transaction
from django.utils import timezone

from .audit_verbs import VERBS_CHANGING_DECISIONS_ONLY, VERBS_WITHOUT_DATA_CHANGE, AuditVerb
from .data_version import data_version_bump
from .models import AuditEvent

SYSTEM_LABEL: Final = "系统"
MINIMUM_RETENTION_DAYS: Final = 180  # 等保三级: the trail is kept at least six months
RETENTION_TOO_SHORT = (
    "审计日志保留期为 {days} 天,不得少于 {minimum} 天(DUBAN_AUDIT_RETENTION_DAYS)。"
)
PRUNE_TOO_RECENT = (
    "不能清理 {cutoff} 之后的审计日志:保留期为 {days} 天,最早只能清理 {earliest} 之前的记录。"
)
SYSLOG_URL_INVALID = "DUBAN_AUDIT_SYSLOG 应形如 udp://主机:514 或 tcp://主机:514,而不是“{url}”。"

trail_logger = logging.getLogger("duban.audit")
UNKNOWN_VERB: Final = "审计事件“{verb}”未登记:请先在 duban/core/audit_verbs.py 中登记。"


class UnknownAuditVerbError(ValueError):
    """A verb not listed in `AuditVerb`: a programming error, never a user's."""


class AuditTrailConfigError(ValueError):
    """A retention period, prune cut-off or syslog address the trail's rules refuse."""


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
    event = AuditEvent.objects.create(
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
    # Every audited write changes the data version, so cached figures never outlive it.
    if verb not in VERBS_WITHOUT_DATA_CHANGE:
        data_version_bump(decisions_only=verb in VERBS_CHANGING_DECISIONS_ONLY)
    if trail_logger.handlers:
        # Only what was committed reaches the appliance; a rolled-back write never happened.
        transaction.on_commit(lambda: trail_logger.info(event_json(event)), robust=True)
    return event


def event_json(event: AuditEvent) -> str:
    """One line of JSON for the log-audit appliance: every field of the row, codes and labels."""
    return json.dumps(
        {
            "id": event.pk,
            "occurred_at": event.occurred_at.isoformat(),
            "actor": event.actor_label,
            "actor_id": event.actor_id,
            "verb": event.verb,
            "verb_label": event.verb_label,
            "target_type": event.target_type,
            "target_id": event.target_id,
            "target": event.target_label,
            "before": event.before,
            "after": event.after,
            "reason": event.reason,
            "success": event.success,
        },
        ensure_ascii=False,
        cls=DjangoJSONEncoder,
        separators=(",", ":"),
    )


def syslog_handler(url: str) -> logging.Handler:
    """A `SysLogHandler` for `udp://host:port` or `tcp://host:port` (port 514 if left out).

    Named in `LOGGING` as a handler factory; the message is the event's JSON line alone.
    """
    parts = urlsplit(url)
    if parts.scheme not in {"udp", "tcp"} or not parts.hostname:
        raise AuditTrailConfigError(SYSLOG_URL_INVALID.format(url=url))
    handler = logging.handlers.SysLogHandler(
        address=(parts.hostname, parts.port or 514),
        facility=logging.handlers.SysLogHandler.LOG_AUTHPRIV,
        socktype=socket.SOCK_DGRAM if parts.scheme == "udp" else socket.SOCK_STREAM,
    )
    handler.ident = "duban-audit: "
    handler.append_nul = False  # one JSON line per datagram, nothing after it
    return handler


def copy_trail_to_syslog(url: str) -> logging.Handler:
    """Send every committed event to `url` from now on (called at start-up by `CoreConfig`)."""
    handler = syslog_handler(url)
    trail_logger.addHandler(handler)
    trail_logger.setLevel(logging.INFO)
    trail_logger.propagate = False  # the appliance's copy, not the console's
    return handler


def retention_days() -> int:
    """How long the trail is kept (settings), refused when under six months."""
    days = int(getattr(settings, "DUBAN_AUDIT_RETENTION_DAYS", MINIMUM_RETENTION_DAYS))
    if days < MINIMUM_RETENTION_DAYS:
        raise AuditTrailConfigError(
            RETENTION_TOO_SHORT.format(days=days, minimum=MINIMUM_RETENTION_DAYS)
        )
    return days


@transaction.atomic
def audit_prune(*, before: datetime.datetime, actor: Any) -> int:
    """Delete the events that occurred before `before`, which must lie past the retention period.

    The one privileged way out of the append-only table: on PostgreSQL it sets the
    transaction-local flag the trigger of migration core 0002 lets DELETE through with; the
    prune itself is recorded. Returns how many rows were deleted.
    """
    days = retention_days()
    earliest = timezone.now() - datetime.timedelta(days=days)
    if before > earliest:
        raise AuditTrailConfigError(
            PRUNE_TOO_RECENT.format(
                cutoff=f"{timezone.localtime(before):%Y-%m-%d}",
                days=days,
                earliest=f"{timezone.localtime(earliest):%Y-%m-%d}",
            )
        )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL duban.audit_prune = 'on'")
    deleted, _ = AuditEvent.objects.filter(occurred_at__lt=before).delete()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL duban.audit_prune = 'off'")
    record_event(
        actor=actor,
        verb=AuditVerb.AUDIT_PRUNE,
        after={"before": before.isoformat(), "deleted": deleted, "retention_days": days},
    )
    return deleted
