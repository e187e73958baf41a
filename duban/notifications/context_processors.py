"""The unread count on every page's 消息 link."""

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from .selectors import unread_count_for


def unread(request: HttpRequest) -> dict[str, Any]:
    """`unread_notifications`, counted only when a page shows it (lazily)."""
    user = getattr(request, "user", None)

    def count() -> int:
        return unread_count_for(user=user) if user is not None and user.is_authenticated else 0

    return {"unread_notifications": SimpleLazyObject(count)}
