"""What every page's top bar shows about the signed-in account."""

from typing import Any

from django.http import HttpRequest

from .models import Role
from .permissions import role_of


def role(request: HttpRequest) -> dict[str, Any]:
    """`role_label`: the user's role as the office names it (督查室管理员…), or ""."""
    current = role_of(getattr(request, "user", None))
    return {"role_label": Role(current).label if current else ""}
