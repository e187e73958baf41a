"""What every page's top bar shows about the signed-in account."""

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from .models import Role
from .permissions import role_of


def role(request: HttpRequest) -> dict[str, Any]:
    """`role_label`: the user's role as the office names it (督查室管理员…), or "".

    Lazy: only a page that shows it reads the session (public pages must not vary on Cookie).
    """

    def label() -> str:
        current = role_of(getattr(request, "user", None))
        return str(Role(current).label) if current else ""

    return {"role_label": SimpleLazyObject(label)}
