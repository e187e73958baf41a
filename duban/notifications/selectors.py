"""Reads of a user's notifications."""

from typing import Any

from django.db.models import QuerySet

from .models import Notification


def notification_list_for(*, user: Any) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=user)


def unread_count_for(*, user: Any) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()
