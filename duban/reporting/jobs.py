"""Background entry points for reporting."""

import datetime

from django.conf import settings
from django_tasks import task

from .notify import reminders_send


@task()
def send_reminders_job(today: str) -> dict[str, int]:
    """Send the due-date reminders for `today` (ISO date)."""
    return reminders_send(
        today=datetime.date.fromisoformat(today),
        days_before=getattr(settings, "DUBAN_REMINDER_DAYS", 3),
    )
