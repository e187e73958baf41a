"""Reads about accounts: which government an account works for, which accounts a manager sees.

Decision 0030 (many governments, one instance). The government tree lives in `orgs`, above
this app; the account reaches it through its own foreign keys (`government`, `department`),
so nothing here imports `orgs`.
"""

from collections.abc import Callable
from typing import Any, TypeVar, cast

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet

from . import permissions

T = TypeVar("T")


def kept_on_user(user: Any, name: str, key: Any, compute: Callable[[], T]) -> T:
    """An answer about `user` asked by many queries of one request, computed once and kept on
    the user object (which lives for the request) until `key` — what it depends on — changes."""
    if user is None:
        return compute()
    kept = getattr(user, name, None)
    if kept is not None and kept[0] == key:
        return cast(T, kept[1])
    value = compute()
    setattr(user, name, (key, value))
    return value


def _governments() -> QuerySet[Any]:
    """The roots of the government trees (the model behind `User.government`)."""
    department_model = get_user_model()._meta.get_field("government").related_model
    return department_model.objects.filter(kind="government", government=None)  # type: ignore[union-attr]


def the_only_government_id() -> int | None:
    """The government of an instance that has exactly one, else None."""
    ids = list(_governments().values_list("pk", flat=True)[:2])
    return ids[0] if len(ids) == 1 else None


def several_governments() -> bool:
    return _governments()[:2].count() > 1


def no_government_yet() -> bool:
    """A new instance before its first import founds a government: nothing is divided yet."""
    return not _governments().exists()


def government_id_of(*, user: Any) -> int | None:
    """The government `user` works for: its department's, else the account's own, else — in
    an instance of one government, where nobody has to say — that government. None: the
    account belongs to none (an instance-wide administrator, or an office account not yet
    given its government, which then sees no government's work)."""
    if not getattr(user, "is_authenticated", False):
        return None
    department = getattr(user, "department", None)
    if department is not None:
        return int(department.government_id or department.pk)
    if user.government_id is not None:
        return int(user.government_id)
    return kept_on_user(user, "_duban_only_government", None, the_only_government_id)


def is_instance_wide(user: Any) -> bool:
    """An administrator (系统/安全管理员) given no government manages every government's
    accounts: the province's, or the one IT department of a multi-city instance."""
    return (
        (permissions.is_system_admin(user) or permissions.is_security_admin(user))
        and user.government_id is None
        and user.department_id is None
    )


def accounts_visible_to(user: Any) -> QuerySet[Any]:
    """The accounts `user` manages: every account for an instance-wide administrator, else
    the accounts of its own government (their department's, or their own government field;
    in a one-government instance, also those that name none)."""
    accounts = get_user_model().objects.all()
    if is_instance_wide(user):
        return accounts
    own = government_id_of(user=user)
    if own is None:
        return accounts if no_government_yet() else accounts.none()
    belongs = Q(government_id=own) | Q(department__government_id=own) | Q(department_id=own)
    if the_only_government_id() == own:
        belongs |= Q(government=None, department=None)
    return accounts.filter(belongs)
