"""Password age: who must change a password, and after how long (decision 0028).

The office, the leaders and the three administrators change theirs every
`DUBAN_PASSWORD_MAX_AGE_DAYS` (90); department users every
`DUBAN_DEPARTMENT_PASSWORD_MAX_AGE_DAYS` (0: never — they hold only their own unit's reports,
and forced rotation for occasional users breeds written-down passwords). 0 turns a rule off.

`password_set` is the one service that sets a password; it stamps `password_changed_at`.
`PasswordExpiryMiddleware` sends a user whose password is too old to the change page
(`accounts:password_change`) before any other page.
"""

import datetime
from collections.abc import Callable
from typing import Any, Final
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import update_session_auth_hash
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from .models import DEPARTMENT_ROLES
from .permissions import role_of

CHANGE_URL_NAME: Final = "accounts:password_change"
_EXEMPT_URL_NAMES: Final = {
    CHANGE_URL_NAME,
    "accounts:login",
    "accounts:logout",
    "accounts:otp_setup",
    "accounts:otp_verify",
    "set_language",
}


def password_max_age(user: Any) -> datetime.timedelta | None:
    if role_of(user) in DEPARTMENT_ROLES:
        days = getattr(settings, "DUBAN_DEPARTMENT_PASSWORD_MAX_AGE_DAYS", 0)
    else:
        days = getattr(settings, "DUBAN_PASSWORD_MAX_AGE_DAYS", 90)
    return datetime.timedelta(days=days) if days else None


def password_expired(user: Any, *, now: datetime.datetime | None = None) -> bool:
    max_age = password_max_age(user)
    if max_age is None:
        return False
    changed = user.password_changed_at or user.date_joined
    return (now or timezone.now()) - changed >= max_age


def password_set(
    *, user: Any, password: str, actor: Any, request: HttpRequest | None = None
) -> None:
    """Set `user`'s password through the one audited service (which stamps its date); with
    the user's own request, keep that session signed in."""
    from .services import user_password_set

    user_password_set(user=user, password=password, actor=actor)
    if request is not None and request.user.pk == user.pk:
        update_session_auth_hash(request, user)


class PasswordExpiryMiddleware:
    """After the second factor: an expired password sees only the change page."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Any, args: Any, kwargs: Any
    ) -> HttpResponse | None:
        # Exempt pages first: the public pages must not read the session (Vary: Cookie).
        match = request.resolver_match
        if match is None or match.view_name in _EXEMPT_URL_NAMES:
            return None
        if match.namespace in {"publishing", "api"}:
            return None
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        if not password_expired(user):
            return None
        try:
            target = reverse(CHANGE_URL_NAME)
        except NoReverseMatch:  # the change page is not mounted: nowhere to send the user
            return None
        return redirect(f"{target}?{urlencode({'next': request.get_full_path()})}")
