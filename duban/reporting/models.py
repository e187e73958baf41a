"""Reporting periods, the progress reported per task, and the status decided per task."""

from django.conf import settings
from django.db import models

from duban.core.status import TaskStatus
from duban.ledger.models import KeyTask, Plan
from duban.orgs.models import Department


class ReportingPeriod(models.Model):
    """A period the departments report for (上半年, 1-9月…), with the date its figures run to."""

    plan = models.ForeignKey(
        Plan, verbose_name="计划", on_delete=models.CASCADE, related_name="periods"
    )
    label = models.CharField("期次", max_length=32)
    as_of = models.DateField("截至日期")
    due_date = models.DateField("填报截止日期", null=True, blank=True)

    class Meta:
        verbose_name = "填报期次"
        verbose_name_plural = "填报期次"
        ordering = ["plan_id", "as_of"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "label"], name="period_unique_label"),
        ]

    def __str__(self) -> str:
        return f"{self.plan.year}年{self.label}"


class ProgressReport(models.Model):
    """The lead department's consolidated progress on one task for one period.

    `progress` keeps the paragraph structure: paragraphs are separated by "\\n".
    """

    task = models.ForeignKey(
        KeyTask, verbose_name="任务", on_delete=models.CASCADE, related_name="reports"
    )
    period = models.ForeignKey(
        ReportingPeriod, verbose_name="期次", on_delete=models.CASCADE, related_name="reports"
    )
    department = models.ForeignKey(
        Department, verbose_name="填报单位", on_delete=models.PROTECT, related_name="reports"
    )
    progress = models.TextField("进展情况", blank=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "进展报告"
        verbose_name_plural = "进展报告"
        ordering = ["period_id", "task__position"]
        constraints = [
            models.UniqueConstraint(fields=["task", "period"], name="report_unique_per_period"),
        ]

    def __str__(self) -> str:
        return f"{self.period} {self.task}"

    @property
    def paragraphs(self) -> list[str]:
        return [p for p in self.progress.split("\n") if p]


class StatusDecision(models.Model):
    """The status the office decided (认定状态) for a task in a period; "" when none was set."""

    task = models.ForeignKey(
        KeyTask, verbose_name="任务", on_delete=models.CASCADE, related_name="decisions"
    )
    period = models.ForeignKey(
        ReportingPeriod, verbose_name="期次", on_delete=models.CASCADE, related_name="decisions"
    )
    status = models.CharField("认定状态", max_length=16, choices=TaskStatus.choices, blank=True)
    reason = models.TextField("理由", blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="认定人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField("认定时间", auto_now=True)

    class Meta:
        verbose_name = "状态认定"
        verbose_name_plural = "状态认定"
        constraints = [
            models.UniqueConstraint(fields=["task", "period"], name="decision_unique_per_period"),
        ]

    def __str__(self) -> str:
        return f"{self.task} {self.get_status_display()}"
