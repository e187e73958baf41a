"""The task ledger (任务台账): a year's plan and its key tasks with their responsible units."""

from django.conf import settings
from django.db import models

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
