"""Sign-in bookkeeping: every attempt is audited, and repeated failures lock the name."""

import datetime
from typing import Any

from django.conf import settings
from django.utils import timezone

from duban.core.audit import record_event
from duban.core.audit_verbs import AuditVerb
from duban.core.models import AuditEvent

LOGIN_OK = AuditVerb.LOGIN
LOGIN_FAILED = AuditVerb.LOGIN_FAILED
LOCKED_MESSAGE = "登录失败次数过多,该账号已被锁定,请 {minutes} 分钟后再试或联系督查室管理员。"


def lockout_settings() -> tuple[int, int]:
    """(failures allowed, minutes locked), configurable in settings."""
    return (
        getattr(settings, "DUBAN_LOGIN_MAX_FAILURES", 5),
        getattr(settings, "DUBAN_LOGIN_LOCK_MINUTES", 15),
    )


def login_is_locked(*, username: str, now: datetime.datetime | None = None) -> bool:
    """Locked after N failures within the lock window, counted since the last success."""
    limit, minutes = lockout_settings()
    now = now or timezone.now()
    window_start = now - datetime.timedelta(minutes=minutes)
    last_ok = (
        AuditEvent.objects.filter(verb=LOGIN_OK, target_label=username)
        .order_by("-occurred_at")
        .values_list("occurred_at", flat=True)
        .first()
    )
    since = max(window_start, last_ok) if last_ok else window_start
    failures = AuditEvent.objects.filter(
        verb=LOGIN_FAILED, target_label=username, occurred_at__gt=since
    ).count()
    return failures >= limit


def login_record(
    *, username: str, user: Any, success: bool, ip: str = "", reason: str = ""
) -> None:
    """Audit a sign-in attempt (the name is recorded even when no such user exists)."""
    record_event(
        actor=user if success else None,
        actor_label=username if not success else "",
        verb=LOGIN_OK if success else LOGIN_FAILED,
        after={"username": username, "ip": ip},
        reason=reason,
        success=success,
        target_label=username,
    )


def user_create(
    *,
    username: str,
    password: str,
    role: str,
    department: Any = None,
    display_name: str = "",
    email: str = "",
    is_superuser: bool = False,
    actor: Any,
) -> Any:
    """Create an account with a role (idempotent by username: an existing one is returned)."""
    from django.contrib.auth import get_user_model

    user_model = get_user_model()
    existing = user_model.objects.filter(username=username).first()
    if existing is not None:
        return existing
    user = user_model(
        username=username,
        role=role,
        department=department,
        first_name=display_name,
        email=email,
        is_superuser=is_superuser,
        is_staff=is_superuser,
    )
    user.set_password(password)
    user.password_changed_at = timezone.now()
    user.full_clean()
    user.save()
    record_event(
        actor=actor,
        verb="accounts.user_create",
        target=user,
        after={
            "username": username,
            "role": role,
            "department": department.name if department else "",
        },
    )
    return user
