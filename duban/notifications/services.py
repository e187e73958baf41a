"""Writes on notifications: marking them read."""

from typing import Any

from django.utils import timezone

from .models import Notification


def notifications_mark_read(*, user: Any, pk: int | None = None) -> int:
    """Mark one (or, without `pk`, every) unread notification of `user` as read."""
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if pk is not None:
        unread = unread.filter(pk=pk)
    return unread.update(read_at=timezone.now())
