"""Sign-in bookkeeping: every attempt is audited, and repeated failures lock the name."""

import datetime
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from duban.core.audit import record_event
from duban.core.audit_verbs import AuditVerb
from duban.core.models import AuditEvent

LOGIN_OK = AuditVerb.LOGIN
LOGIN_FAILED = AuditVerb.LOGIN_FAILED
ACCOUNT_UNLOCK = AuditVerb.ACCOUNT_UNLOCK
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
        # An unlock by the office counts as a fresh start, like a successful sign-in.
        AuditEvent.objects.filter(verb__in=[LOGIN_OK, ACCOUNT_UNLOCK], target_label=username)
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
    user.full_clean()
    user.save()
    record_event(
        actor=actor,
        verb=AuditVerb.USER_CREATE,
        target=user,
        after={
            "username": username,
            "role": role,
            "department": department.name if department else "",
        },
    )
    return user


def _account_fields(user: Any) -> dict[str, Any]:
    return {
        "username": user.username,
        "display_name": user.first_name,
        "email": user.email,
        "role": user.role,
        "department": user.department.name if user.department_id else "",
        "is_active": user.is_active,
    }


@transaction.atomic
def user_update(
    *,
    user: Any,
    role: str,
    department: Any,
    display_name: str,
    email: str,
    is_active: bool,
    actor: Any,
) -> Any:
    """Change an account's role, unit, name, e-mail or whether it may sign in; audited with
    what it was before."""
    before = _account_fields(user)
    user.role = role
    user.department = department
    user.first_name = display_name
    user.email = email
    user.is_active = is_active
    user.full_clean()
    user.save()
    record_event(
        actor=actor,
        verb=AuditVerb.USER_UPDATE,
        target=user,
        before=before,
        after=_account_fields(user),
    )
    return user


@transaction.atomic
def user_password_set(*, user: Any, password: str, actor: Any) -> Any:
    """Set a new password: the office resetting someone's, or a user changing their own (the
    audit tells the two apart). The password itself is never recorded."""
    user.set_password(password)
    user.save(update_fields=["password"])
    own = getattr(actor, "pk", None) == user.pk
    record_event(
        actor=actor,
        verb=AuditVerb.PASSWORD_CHANGE if own else AuditVerb.PASSWORD_RESET,
        target=user,
    )
    return user


def login_unlock(*, username: str, actor: Any) -> None:
    """Lift a lock-out: failures before this moment no longer count (see `login_is_locked`)."""
    record_event(actor=actor, verb=ACCOUNT_UNLOCK, target_label=username)
