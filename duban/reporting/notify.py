"""Who hears about a report's step, and the reminders before a period's due date."""

import datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.urls import reverse

from duban.accounts.models import OFFICE_ROLES, Role
from duban.notifications.channels import Message, deliver, post_webhook

from . import workflow
from .models import ProgressReport

DEFAULT_REMINDER_DAYS = 3


def _users(**filters: Any) -> QuerySet[Any]:
    return get_user_model().objects.filter(is_active=True, **filters)


def recipients_for_step(report: ProgressReport, action: str) -> QuerySet[Any]:
    """Submitted → the department's head; approved by the head → the office's reviewers;
    returned or approved by the office → the department's liaisons."""
    if action == "submit":
        return _users(role=Role.HEAD, department_id=report.department_id)
    if action == "approve" and report.state == workflow.SUBMITTED:
        return _users(role__in=OFFICE_ROLES)
    return _users(role=Role.LIAISON, department_id=report.department_id)


STEP_SUBJECTS = {
    "submit": "待审核:{task}",
    "approve": "已通过:{task}",
    "return": "被退回:{task}",
}


def notify_report_step(*, report_id: int, action: str) -> None:
    """Tell the next person in the workflow (called after the step's transaction commits)."""
    report = ProgressReport.objects.select_related("task", "period", "department").get(pk=report_id)
    if action == "approve" and report.state == workflow.SUBMITTED:
        subject = f"待督查室审核:{report.task}"
    else:
        subject = STEP_SUBJECTS.get(action, "{task}").format(task=report.task)
    body = f"{report.period} · {report.department.name}"
    if action == "return" and report.return_reason:
        body += f"\n退回原因:{report.return_reason}"
    url = reverse("reporting:report_detail", args=[report.pk])
    deliver(recipients_for_step(report, action), Message(subject=subject, body=body, url=url))


def reminders_send(
    *, today: datetime.date, days_before: int = DEFAULT_REMINDER_DAYS
) -> dict[str, int]:
    """Remind liaisons of reports not yet submitted, `days_before` days ahead and on the day.

    Each reminder is sent once per report, kind and day, however often this runs.
    """
    reports = (
        ProgressReport.objects.filter(
            period__state="open",
            period__due_date__in=[today, today + datetime.timedelta(days=days_before)],
            state__in=[workflow.DRAFT, workflow.RETURNED],
        )
        .select_related("task", "period", "department")
        .order_by("department_id", "task__position")
    )
    counts = {"reports": 0, "in_app": 0, "email": 0, "webhook": 0}
    by_department: dict[str, list[ProgressReport]] = {}
    for report in reports:
        due = report.period.due_date or today  # the query admits only reports with a due date
        kind = "due_today" if due == today else f"due_in_{(due - today).days}"
        message = Message(
            subject=_reminder_subject(report, today),
            body=f"{report.period} 填报截止 {due:%Y-%m-%d}:{report.task}",
            url=reverse("reporting:report_detail", args=[report.pk]),
            dedupe_key=f"reminder:{report.pk}:{kind}:{today.isoformat()}",
        )
        sent = deliver(_users(role=Role.LIAISON, department_id=report.department_id), message)
        counts["reports"] += 1
        counts["in_app"] += sent["in_app"]
        counts["email"] += sent["email"]
        if sent["in_app"] or sent["email"]:
            by_department.setdefault(report.department.name, []).append(report)
    for department, pending in by_department.items():
        period_due = pending[0].period.due_date
        text = (
            f"【督办提醒】{department}:{pending[0].period}还有{len(pending)}项任务进展未提交,"
            f"截止日期 {period_due:%Y-%m-%d}。"
        )
        counts["webhook"] += int(post_webhook(text))
    return counts


def _reminder_subject(report: ProgressReport, today: datetime.date) -> str:
    due = report.period.due_date
    if due == today:
        return f"今天截止:{report.task}"
    return f"{(due - today).days}天后截止:{report.task}" if due else str(report.task)
