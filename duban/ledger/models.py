"""The task ledger (任务台账): a year's plan and its key tasks with their responsible units,
milestones, baselines (the approved target, deadline and wording) and change requests."""

import uuid
from pathlib import Path

from django.conf import settings
from django.db import models

from duban.core.models import EvidenceFile
from duban.core.status import PROFILE_CHOICES
from duban.orgs.models import Department

# A plan imported without a title of its own is named the way offices title the report table.
DEFAULT_TITLE = "{year}年{government}政府工作报告重点工作及政府绩效考核执行情况"


class Plan(models.Model):
    """One government's Government Work Report key tasks for one year."""

    government = models.ForeignKey(
        Department, verbose_name="政府", on_delete=models.PROTECT, related_name="plans"
    )
    year = models.PositiveIntegerField("年度")
    title = models.CharField("标题", max_length=200)
    status_profile = models.CharField(
        "状态口径", max_length=32, choices=PROFILE_CHOICES, default="jiaxing"
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "年度计划"
        verbose_name_plural = "年度计划"
        ordering = ["-year", "government_id"]
        constraints = [
            models.UniqueConstraint(fields=["government", "year"], name="plan_unique_per_year"),
        ]

    def __str__(self) -> str:
        return f"{self.year}年{self.government.name}"


class KeyTask(models.Model):
    """One key task (重点工作) of a plan, or an unnumbered sub-item of the task above it.

    `seq` is the 序号 exactly as printed ("" for a sub-row); `position` is the row's place in
    the table. `responsible_text` keeps the 牵头部门 cell as printed (line breaks, missing
    separators and all) so a published table can be reproduced exactly; the ordered
    `responsibilities` are the structured reading of it, the first being the lead.
    """

    class State(models.TextChoices):
        ACTIVE = "active", "在办"
        RETIRED = "retired", "已撤销"
        MERGED = "merged", "已合并"

    plan = models.ForeignKey(
        Plan, verbose_name="计划", on_delete=models.CASCADE, related_name="tasks"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name="上级任务",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="subtasks",
    )
    seq = models.CharField("序号", max_length=16, blank=True)
    position = models.PositiveIntegerField("行次")
    text = models.TextField("主要工作任务")
    responsible_text = models.TextField("牵头部门(原文)", blank=True)
    leader = models.CharField("牵头领导", max_length=50, blank=True)
    # As printed in a table's own columns (完成时限, 一季度目标/年度目标, 备注); kept as text.
    deadline_text = models.CharField("完成时限", max_length=200, blank=True)
    targets_text = models.TextField("目标", blank=True)
    remarks = models.TextField("备注", blank=True)
    # Columns of the imported table that were not understood: printed header → cell.
    extra = models.JSONField("其他列", default=dict, blank=True)
    # The deadline as a date, when the office set one; the current baseline's (see TaskBaseline).
    deadline = models.DateField("完成期限", null=True, blank=True)
    # Retiring is a state, not a delete: the task's reports, statuses and history stay.
    state = models.CharField("状态", max_length=16, choices=State.choices, default=State.ACTIVE)
    retired_reason = models.TextField("撤销理由", blank=True)
    merged_into = models.ForeignKey(
        "self",
        verbose_name="并入任务",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged_from",
    )
    departments: "models.ManyToManyField[Department, TaskResponsibility]" = models.ManyToManyField(
        Department, through="TaskResponsibility", verbose_name="责任单位", related_name="tasks"
    )

    class Meta:
        verbose_name = "重点任务"
        verbose_name_plural = "重点任务"
        ordering = ["plan_id", "position"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "position"], name="task_unique_position"),
            models.UniqueConstraint(
                fields=["plan", "seq"],
                condition=~models.Q(seq=""),
                name="task_unique_seq",
            ),
        ]

    def __str__(self) -> str:
        label = self.seq or f"{self.parent.seq if self.parent else ''}(子项)"
        return f"{label} {self.text[:30]}"

    @property
    def is_subrow(self) -> bool:
        return self.parent_id is not None

    @property
    def is_active(self) -> bool:
        return self.state == self.State.ACTIVE


class TaskResponsibility(models.Model):
    """A unit responsible for a task; position 0 is the lead (牵头/汇总单位)."""

    task = models.ForeignKey(KeyTask, on_delete=models.CASCADE, related_name="responsibilities")
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField("顺序")
    printed_name = models.CharField("原文名称", max_length=100)

    class Meta:
        verbose_name = "责任单位"
        verbose_name_plural = "责任单位"
        ordering = ["task_id", "position"]
        constraints = [
            models.UniqueConstraint(fields=["task", "position"], name="responsibility_unique_pos"),
        ]

    def __str__(self) -> str:
        return self.printed_name

    @property
    def is_lead(self) -> bool:
        return self.position == 0


class Indicator(models.Model):
    """A quantitative target of a task as the office confirmed it (指标).

    The extractor reads targets from the task text; once the office confirms or corrects that
    reading, these rows replace it for status suggestions. `target_value` and `unit` are kept
    as printed (16 + 万人, 290 + 亿元, 8 + %), so the office edits what it reads in the report;
    `source_text` is the span of the task text the target came from ("" when added by hand).
    """

    class Kind(models.TextChoices):
        AMOUNT = "amount", "累计量"
        GROWTH = "growth", "增幅"
        LEVEL = "level", "达到水平"
        CEILING = "ceiling", "上限"
        REDUCTION = "reduction", "降幅"
        # The extractor also reads ranks (全省第二); confirming must not silently drop them.
        RANK = "rank", "排名"

    task = models.ForeignKey(
        KeyTask, verbose_name="任务", on_delete=models.CASCADE, related_name="indicators"
    )
    position = models.PositiveSmallIntegerField("顺序")
    name = models.CharField("指标", max_length=100)
    kind = models.CharField("类型", max_length=16, choices=Kind.choices)
    target_value = models.DecimalField("目标值", max_digits=20, decimal_places=4)
    unit = models.CharField("单位", max_length=20, blank=True)
    qualifier = models.CharField("限定词", max_length=8, blank=True)
    source_text = models.CharField("原文", max_length=200, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="确认人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    confirmed_at = models.DateTimeField("确认时间")

    class Meta:
        verbose_name = "指标"
        verbose_name_plural = "指标"
        ordering = ["task_id", "position"]
        constraints = [
            models.UniqueConstraint(fields=["task", "position"], name="indicator_unique_position"),
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.qualifier}{self.target_value.normalize():f}{self.unit}"


class Milestone(models.Model):
    """A step of a task's 季度形象进度: what should stand by a quarter or month (and date)."""

    task = models.ForeignKey(
        KeyTask, verbose_name="任务", on_delete=models.CASCADE, related_name="milestones"
    )
    quarter = models.PositiveSmallIntegerField("季度", null=True, blank=True)
    month = models.PositiveSmallIntegerField("月份", null=True, blank=True)
    text = models.TextField("形象进度")
    due = models.DateField("节点日期", null=True, blank=True)

    class Meta:
        verbose_name = "形象进度节点"
        verbose_name_plural = "形象进度节点"
        ordering = ["task_id", "due", "quarter", "month", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(quarter__isnull=True) | models.Q(quarter__range=(1, 4)),
                name="milestone_quarter_range",
            ),
            models.CheckConstraint(
                condition=models.Q(month__isnull=True) | models.Q(month__range=(1, 12)),
                name="milestone_month_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.when} {self.text[:30]}"

    @property
    def when(self) -> str:
        if self.quarter:
            return "一二三四"[self.quarter - 1] + "季度"
        if self.month:
            return f"{self.month}月"
        return ""


class TaskBaseline(models.Model):
    """One version of what a task is judged against: its wording, targets and deadline.

    Version 1 is the task as imported or created; each approved change request (or an office
    correction) adds the next version. Versions are never changed afterwards, so the original
    and the approved baseline can be shown side by side. The task's own text, targets and
    deadline always hold the latest version, so every reader of the task reads the baseline.
    """

    class Source(models.TextChoices):
        ORIGINAL = "original", "原始"
        CHANGE = "change", "经批准调整"
        CORRECTION = "correction", "督查室更正"

    task = models.ForeignKey(
        KeyTask, verbose_name="任务", on_delete=models.CASCADE, related_name="baselines"
    )
    version = models.PositiveIntegerField("版本")
    source = models.CharField("来源", max_length=16, choices=Source.choices)
    text = models.TextField("主要工作任务")
    targets_text = models.TextField("目标", blank=True)
    deadline_text = models.CharField("完成时限", max_length=200, blank=True)
    deadline = models.DateField("完成期限", null=True, blank=True)
    reason = models.TextField("理由", blank=True)
    change_request = models.OneToOneField(
        "ChangeRequest",
        verbose_name="调整申请",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="baseline",
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="批准人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    approved_on = models.DateField("批准日期", null=True, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "任务基线"
        verbose_name_plural = "任务基线"
        ordering = ["task_id", "version"]
        constraints = [
            models.UniqueConstraint(fields=["task", "version"], name="baseline_unique_version"),
        ]

    def __str__(self) -> str:
        return f"{self.task} v{self.version}"


class ChangeRequest(models.Model):
    """A lead department's request (调整 / 延期申请) to change a task's target, deadline or
    wording; its life is the table in `workflow.py`."""

    class Kind(models.TextChoices):
        ADJUST = "adjust", "调整申请"
        EXTEND = "extend", "延期申请"

    class State(models.TextChoices):
        REQUESTED = "requested", "待核实"
        CHECKED = "checked", "已核实,待领导审批"
        APPROVED = "approved", "已批准"
        REJECTED = "rejected", "未批准"
        WITHDRAWN = "withdrawn", "已撤回"

    task = models.ForeignKey(
        KeyTask, verbose_name="任务", on_delete=models.CASCADE, related_name="change_requests"
    )
    kind = models.CharField("类型", max_length=16, choices=Kind.choices)
    state = models.CharField("状态", max_length=16, choices=State.choices, default=State.REQUESTED)
    department = models.ForeignKey(
        Department, verbose_name="申请单位", on_delete=models.PROTECT, related_name="+"
    )
    # The baseline version the request asks to change, and what it asks for.
    from_version = models.PositiveIntegerField("原基线版本")
    text = models.TextField("调整后任务表述")
    targets_text = models.TextField("调整后目标", blank=True)
    deadline_text = models.CharField("调整后完成时限", max_length=200, blank=True)
    deadline = models.DateField("调整后完成期限", null=True, blank=True)
    reason = models.TextField("申请理由")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="申请人",
        on_delete=models.PROTECT,
        related_name="+",
    )
    requested_at = models.DateTimeField("申请时间", auto_now_add=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="核实人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    check_note = models.TextField("核实意见", blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="审批人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decision_note = models.TextField("审批意见", blank=True)
    decided_at = models.DateTimeField("审批时间", null=True, blank=True)

    class Meta:
        verbose_name = "调整申请"
        verbose_name_plural = "调整申请"
        ordering = ["-requested_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.task}"


def change_evidence_path(instance: "ChangeRequestAttachment", filename: str) -> str:
    # Stored under MEDIA_ROOT with a random name, like report attachments.
    suffix = Path(filename).suffix.lower()
    return f"change_requests/{instance.change_request_id}/{uuid.uuid4().hex}{suffix}"


class ChangeRequestAttachment(EvidenceFile):
    """Evidence for a change request (the approval of a project delay, a policy change …)."""

    change_request = models.ForeignKey(
        ChangeRequest, on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField("文件", upload_to=change_evidence_path)

    class Meta:
        verbose_name = "调整申请附件"
        verbose_name_plural = "调整申请附件"
        ordering = ["change_request_id", "uploaded_at"]
