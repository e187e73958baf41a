"""What every page's top bar shows about the signed-in account."""

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from .models import GOVERNMENT_ROLES, Role
from .permissions import role_of
from .selectors import government_id_of, no_government_yet


def role(request: HttpRequest) -> dict[str, Any]:
    """`role_label`: the user's role as the office names it (督查室管理员…), or "".

    Lazy: only a page that shows it reads the session (public pages must not vary on Cookie).
    """

    def label() -> str:
        current = role_of(getattr(request, "user", None))
        return str(Role(current).label) if current else ""

    def without_government() -> bool:
        # Decision 0030: with several governments, an office or leader account must be
        # given its own; until then it sees nothing, and says why on every page.
        user = getattr(request, "user", None)
        return (
            role_of(user) in GOVERNMENT_ROLES
            and getattr(user, "department_id", None) is None
            and government_id_of(user=user) is None
            and not no_government_yet()  # asked only of an account that names none
        )

    return {
        "role_label": SimpleLazyObject(label),
        "government_missing": SimpleLazyObject(without_government),
    }
