"""Reporting periods, the progress each lead department reports per task, its review trail,
and the status decided per task and period."""

import uuid
from pathlib import Path

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from duban.core.models import EvidenceFile
from duban.core.status import TaskStatus
from duban.ledger.models import KeyTask, Plan
from duban.orgs.models import Department

from .choices import ClosureState, PeriodState, ReportState, YearForecast


class ReportingPeriod(models.Model):
    """A period the departments report for (上半年, 1-9月…), with the date its figures run to."""

    plan = models.ForeignKey(
        Plan, verbose_name="计划", on_delete=models.CASCADE, related_name="periods"
    )
    label = models.CharField("期次", max_length=32)
    as_of = models.DateField("截至日期")
    due_date = models.DateField("填报截止日期", null=True, blank=True)
    state = models.CharField(
        "状态", max_length=8, choices=PeriodState.choices, default=PeriodState.CLOSED
    )

    class Meta:
        verbose_name = "填报期次"
        verbose_name_plural = "填报期次"
        ordering = ["plan_id", "as_of"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "label"], name="period_unique_label"),
        ]

    def __str__(self) -> str:
        return f"{self.plan.year}年{self.label}"

    @property
    def is_open(self) -> bool:
        return self.state == PeriodState.OPEN


class ProgressReport(models.Model):
    """The lead department's consolidated progress on one task for one period.

    `progress` keeps the paragraph structure: paragraphs are separated by "\\n". `version`
    counts saves; a save must name the version it edited, so two editors never overwrite
    each other unseen. `state` changes only through the workflow services.
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
    state = models.CharField(
        "状态", max_length=16, choices=ReportState.choices, default=ReportState.DRAFT
    )
    version = models.PositiveIntegerField("版本", default=1)
    progress = models.TextField("进展情况", blank=True)
    problems = models.TextField("存在问题", blank=True)
    next_steps = models.TextField("下一步措施", blank=True)
    self_status = models.CharField(
        "自评状态", max_length=16, choices=TaskStatus.choices, blank=True
    )
    forecast = models.CharField("预计全年", max_length=16, choices=YearForecast.choices, blank=True)
    forecast_figure = models.DecimalField(
        "预计全年完成数", max_digits=20, decimal_places=4, null=True, blank=True
    )
    forecast_unit = models.CharField("预计全年完成数单位", max_length=20, blank=True)
    return_reason = models.TextField("最近退回原因", blank=True)
    submitted_at = models.DateTimeField("提交时间", null=True, blank=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="最后修改人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

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


class ReportFigure(models.Model):
    """A figure the department reports for one of the task's indicators."""

    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="figures")
    name = models.CharField("指标", max_length=100)
    value = models.DecimalField("数值", max_digits=20, decimal_places=4)
    unit = models.CharField("单位", max_length=20, blank=True)
    month_from = models.PositiveSmallIntegerField(
        "起始月", default=1, validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    month_to = models.PositiveSmallIntegerField(
        "截止月", validators=[MinValueValidator(1), MaxValueValidator(12)]
    )

    class Meta:
        verbose_name = "报送数据"
        verbose_name_plural = "报送数据"
        ordering = ["report_id", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(month_from__lte=models.F("month_to")), name="figure_months_order"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.value}{self.unit}"


class ReportVersion(models.Model):
    """What a report said when it was submitted: every submission is kept."""

    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField("第几次提交")
    progress = models.TextField("进展情况", blank=True)
    problems = models.TextField("存在问题", blank=True)
    next_steps = models.TextField("下一步措施", blank=True)
    self_status = models.CharField("自评状态", max_length=16, blank=True)
    figures = models.JSONField("报送数据", default=list)
    forecast = models.CharField("预计全年", max_length=16, blank=True)
    forecast_figure = models.DecimalField(
        "预计全年完成数", max_digits=20, decimal_places=4, null=True, blank=True
    )
    forecast_unit = models.CharField("预计全年完成数单位", max_length=20, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    submitted_at = models.DateTimeField("提交时间", auto_now_add=True)

    class Meta:
        verbose_name = "提交版本"
        verbose_name_plural = "提交版本"
        ordering = ["report_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["report", "number"], name="report_version_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.report} 第{self.number}次提交"


class ReportReview(models.Model):
    """One workflow step taken on a report: who moved it from which state to which, and why."""

    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="reviews")
    action = models.CharField("操作", max_length=16)
    from_state = models.CharField("原状态", max_length=16, choices=ReportState.choices)
    to_state = models.CharField("新状态", max_length=16, choices=ReportState.choices)
    reason = models.TextField("理由", blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    acted_at = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        verbose_name = "审核记录"
        verbose_name_plural = "审核记录"
        ordering = ["report_id", "acted_at", "id"]

    def __str__(self) -> str:
        return f"{self.report} {self.action}"


class ReportContribution(models.Model):
    """A co-department's part of a report (配合单位报送), which the lead consolidates."""

    report = models.ForeignKey(
        ProgressReport, on_delete=models.CASCADE, related_name="contributions"
    )
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="+")
    text = models.TextField("报送内容", blank=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )

    class Meta:
        verbose_name = "配合单位报送"
        verbose_name_plural = "配合单位报送"
        constraints = [
            models.UniqueConstraint(fields=["report", "department"], name="contribution_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.report} {self.department}"


def attachment_path(instance: "ReportAttachment", filename: str) -> str:
    # Stored under MEDIA_ROOT (outside the web root) with a random name; the original name
    # is kept on the row and sent only when an allowed user downloads it.
    return f"attachments/{instance.report_id}/{uuid.uuid4().hex}{Path(filename).suffix.lower()}"


class ReportAttachment(EvidenceFile):
    """Evidence attached to a report."""

    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField("文件", upload_to=attachment_path)

    class Meta:
        verbose_name = "附件"
        verbose_name_plural = "附件"
        ordering = ["report_id", "uploaded_at"]


class StatusDecision(models.Model):
    """The status the office decided (认定状态) for a task in a period; "" when none was set."""

    task = models.ForeignKey(
        KeyTask, verbose_name="任务", on_delete=models.CASCADE, related_name="decisions"
    )
    period = models.ForeignKey(
        ReportingPeriod, verbose_name="期次", on_delete=models.CASCADE, related_name="decisions"
    )
    status = models.CharField("认定状态", max_length=16, choices=TaskStatus.choices, blank=True)
    # The word the imported table printed (按时序推进) when it is not the plan's own word.
    printed_label = models.CharField("原表状态", max_length=32, blank=True)
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


class TaskClosure(models.Model):
    """One application to close a task (办结 / 销号) and what became of it.

    `state` follows `closure_workflow.TRANSITIONS`; a task has at most one application that is
    under way or confirmed. A confirmed one makes the task 已完成 from `period` on: later
    periods open no report for it.
    """

    task = models.ForeignKey(
        KeyTask, verbose_name="任务", on_delete=models.CASCADE, related_name="closures"
    )
    state = models.CharField("状态", max_length=16, choices=ClosureState.choices)
    summary = models.TextField("办结情况")
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="申请人", on_delete=models.PROTECT, related_name="+"
    )
    applied_at = models.DateTimeField("申请时间")
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="核实人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    verified_at = models.DateTimeField("核实时间", null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="确认人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField("确认时间", null=True, blank=True)
    note = models.TextField("退回或重启理由", blank=True)
    period = models.ForeignKey(
        ReportingPeriod,
        verbose_name="销号期次",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = "销号申请"
        verbose_name_plural = "销号申请"
        ordering = ["task_id", "applied_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["task"],
                condition=models.Q(state__in=["applied", "verified", "confirmed"]),
                name="closure_one_active_per_task",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.task} {self.get_state_display()}"


def closure_attachment_path(instance: "ClosureAttachment", filename: str) -> str:
    return f"closures/{instance.closure_id}/{uuid.uuid4().hex}{Path(filename).suffix.lower()}"


class ClosureAttachment(EvidenceFile):
    """Evidence that the task is done, attached to the application."""

    closure = models.ForeignKey(TaskClosure, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField("文件", upload_to=closure_attachment_path)

    class Meta:
        verbose_name = "销号佐证材料"
        verbose_name_plural = "销号佐证材料"
        ordering = ["closure_id", "uploaded_at"]


class TableLayout(models.Model):
    """A government's progress-table layout as the office mapped it once: the next file whose
    header row reads the same (`header_signature`) is read with the same `mapping` (the field
    of each column, by position). An empty signature is a table without a header row."""

    government = models.ForeignKey(
        Department,
        verbose_name="政府",
        on_delete=models.CASCADE,
        related_name="table_layouts",
    )
    name = models.CharField("名称", max_length=64)
    header_signature = models.JSONField("表头", default=list, blank=True)
    mapping = models.JSONField("各列对应", default=list)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="创建人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "表格版式"
        verbose_name_plural = "表格版式"
        ordering = ["government", "name"]
        constraints = [
            models.UniqueConstraint(fields=["government", "name"], name="table_layout_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name
