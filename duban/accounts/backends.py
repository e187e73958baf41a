"""The one door every sign-in passes: the sign-in page, the Django admin and the API token.

Django's `authenticate()` asks this backend for every password check, whichever form or view
asked, so the lock-out and the audit cannot be forgotten by a new sign-in path. A locked
(account, address) is refused before the password is compared; `PermissionDenied` stops
`authenticate()` from asking any other backend, and the refusal is noted on the request so a
form can say why.
"""

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from duban.core.http import client_address

from .services import BAD_CREDENTIALS_REASON, LOCKED_REASON, login_locked_minutes, login_record

# Set on the request when a sign-in was refused for the lock: the minutes still to wait.
LOCKED_MINUTES_ATTRIBUTE = "duban_login_locked_minutes"


class LockoutModelBackend(ModelBackend):
    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> Any:
        if username is None or password is None:
            return None
        ip = client_address(request) if request is not None else ""
        minutes = login_locked_minutes(username=username, ip=ip)
        if minutes:
            login_record(
                username=username,
                user=None,
                success=False,
                ip=ip,
                reason=LOCKED_REASON,
                while_locked=True,
            )
            if request is not None:
                setattr(request, LOCKED_MINUTES_ATTRIBUTE, minutes)
            raise PermissionDenied(LOCKED_REASON)
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is None:
            login_record(
                username=username, user=None, success=False, ip=ip, reason=BAD_CREDENTIALS_REASON
            )
            return None
        login_record(username=user.get_username(), user=user, success=True, ip=ip)
        return user


def locked_minutes_of(request: Any) -> int:
    """The lock the backend just met on this request (0 if none)."""
    return int(getattr(request, LOCKED_MINUTES_ATTRIBUTE, 0) or 0)
