"""Sign-in bookkeeping: every attempt is audited, and repeated failures lock (account, address).

The lock is counted from the audit trail (docs/decisions/0007): failures of one account from
one client address since that account's last success or unlock. After
`DUBAN_LOGIN_MAX_FAILURES` the address waits `DUBAN_LOGIN_FIRST_LOCK_MINUTES`; every further
failure doubles the wait up to `DUBAN_LOGIN_LOCK_MINUTES`. Attempts made while locked are
refused before the password is looked at and recorded under their own verb, so they neither
count nor extend the lock: nobody can keep an account locked forever, and a stranger's
address never locks the owner's.
"""

import datetime
import math
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from duban.core.audit import record_event
from duban.core.audit_verbs import AuditVerb
from duban.core.models import AuditEvent

LOGIN_OK = AuditVerb.LOGIN
LOGIN_FAILED = AuditVerb.LOGIN_FAILED
LOGIN_WHILE_LOCKED = AuditVerb.LOGIN_WHILE_LOCKED
LOCKED_MESSAGE = "登录失败次数过多,该账号已被锁定,请 {minutes} 分钟后再试或联系督查室管理员。"
BAD_CREDENTIALS_REASON = "用户名或密码错误"
LOCKED_REASON = "账号已锁定"


@dataclass(frozen=True)
class LockoutPolicy:
    max_failures: int
    first_lock_minutes: int
    max_lock_minutes: int
    window_hours: int

    def lock_minutes(self, failures: int) -> int:
        """How long `failures` counted failures lock the address (0: not locked)."""
        if failures < self.max_failures:
            return 0
        doublings = min(failures - self.max_failures, 16)
        return min(self.first_lock_minutes * 2**doublings, self.max_lock_minutes)


def lockout_policy() -> LockoutPolicy:
    return LockoutPolicy(
        max_failures=getattr(settings, "DUBAN_LOGIN_MAX_FAILURES", 5),
        first_lock_minutes=getattr(settings, "DUBAN_LOGIN_FIRST_LOCK_MINUTES", 1),
        max_lock_minutes=getattr(settings, "DUBAN_LOGIN_LOCK_MINUTES", 15),
        window_hours=getattr(settings, "DUBAN_LOGIN_FAILURE_WINDOW_HOURS", 24),
    )


def _counting_since(
    *, username: str, now: datetime.datetime, window_hours: int
) -> datetime.datetime:
    """Failures count from the account's last success or unlock, within the window."""
    window_start = now - datetime.timedelta(hours=window_hours)
    last_reset = (
        AuditEvent.objects.filter(
            verb__in=[LOGIN_OK, AuditVerb.ACCOUNT_UNLOCK], target_label=username, success=True
        )
        .order_by("-occurred_at")
        .values_list("occurred_at", flat=True)
        .first()
    )
    return max(window_start, last_reset) if last_reset else window_start


def login_locked_minutes(
    *, username: str, ip: str = "", now: datetime.datetime | None = None
) -> int:
    """Minutes (rounded up) this address must still wait before trying `username`; 0 if free."""
    policy = lockout_policy()
    now = now or timezone.now()
    since = _counting_since(username=username, now=now, window_hours=policy.window_hours)
    failures = AuditEvent.objects.filter(
        verb=LOGIN_FAILED, target_label=username, after__ip=ip, occurred_at__gt=since
    )
    count = failures.count()
    minutes = policy.lock_minutes(count)
    if not minutes:
        return 0
    last_failure = failures.order_by("-occurred_at").values_list("occurred_at", flat=True)[0]
    remaining = last_failure + datetime.timedelta(minutes=minutes) - now
    seconds = remaining.total_seconds()
    return math.ceil(seconds / 60) if seconds > 0 else 0


def login_is_locked(
    *, username: str, ip: str | None = None, now: datetime.datetime | None = None
) -> bool:
    """Whether `ip` must wait before trying `username`; with no address, whether any address
    must (what the office's account list shows beside its 解除锁定 button)."""
    if ip is not None:
        return login_locked_minutes(username=username, ip=ip, now=now) > 0
    now = now or timezone.now()
    since = _counting_since(username=username, now=now, window_hours=lockout_policy().window_hours)
    addresses = set(
        AuditEvent.objects.filter(verb=LOGIN_FAILED, target_label=username, occurred_at__gt=since)
        .values_list("after__ip", flat=True)
        .distinct()
    )
    return any(
        login_locked_minutes(username=username, ip=address or "", now=now) > 0
        for address in addresses
    )


def login_record(
    *,
    username: str,
    user: Any,
    success: bool,
    ip: str = "",
    reason: str = "",
    while_locked: bool = False,
) -> None:
    """Audit a sign-in attempt (the name is recorded even when no such user exists)."""
    verb = LOGIN_OK if success else LOGIN_WHILE_LOCKED if while_locked else LOGIN_FAILED
    record_event(
        actor=user if success else None,
        actor_label=username if not success else "",
        verb=verb,
        after={"username": username, "ip": ip},
        reason=reason,
        success=success,
        target_label=username,
    )


@transaction.atomic
def account_unlock(*, user: Any, actor: Any) -> None:
    """The office lifts every sign-in lock on `user`: failures before now stop counting."""
    record_event(
        actor=actor,
        verb=AuditVerb.ACCOUNT_UNLOCK,
        target=user,
        target_label=user.get_username(),
    )


def user_create(
    *,
    username: str,
    password: str,
    role: str,
    department: Any = None,
    government: Any = None,
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
        government=government,
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
        "government": user.government.name if user.government_id else "",
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
    government: Any = None,
) -> Any:
    """Change an account's role, unit, name, e-mail or whether it may sign in; audited with
    what it was before."""
    before = _account_fields(user)
    user.role = role
    user.department = department
    user.government = government
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
    audit tells the two apart). The password itself is never recorded; its date is, for the
    password-age rule (accounts/passwords.py)."""
    user.set_password(password)
    user.password_changed_at = timezone.now()
    user.save(update_fields=["password", "password_changed_at"])
    own = getattr(actor, "pk", None) == user.pk
    record_event(
        actor=actor,
        verb=AuditVerb.PASSWORD_CHANGE if own else AuditVerb.PASSWORD_RESET,
        target=user,
    )
    return user
