"""Background entry points for reporting."""

import datetime

from django.conf import settings
from django_tasks import task

from .notify import notify_report_step, reminders_send


@task()
def send_reminders_job(today: str) -> dict[str, int]:
    """Send the due-date reminders for `today` (ISO date)."""
    return reminders_send(
        today=datetime.date.fromisoformat(today),
        days_before=getattr(settings, "DUBAN_REMINDER_DAYS", 3),
    )


@task()
def notify_report_step_job(report_id: int, action: str) -> None:
    """Tell the next person in the workflow about a step taken on a report."""
    notify_report_step(report_id=report_id, action=action)
