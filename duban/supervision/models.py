"""Supervision slips (督办单), escalation proposals, bulletins (通报) and their numbering.

A slip is issued by the office about one task to one or more departments (default: the lead),
signed for (签收), replied to, then closed (办结) or escalated to a new slip at the next colour
level. `state` changes only through `duban.supervision.services`.
"""

import uuid
from datetime import date
from pathlib import Path

from django.conf import settings
from django.db import models

from duban.core.models import EvidenceFile
from duban.ledger.models import KeyTask, Plan
from duban.orgs.models import Department
from duban.reporting.models import ReportingPeriod

from . import instruction_workflow, workflow
from .choices import (
    OVERDUE_LABEL,
    InstructionState,
    ProposalKind,
    ProposalState,
    SlipLevel,
    SlipState,
)


class NumberSequence(models.Model):
    """The last number given per kind of document and year (督办单, 通报).

    Numbers come from here, never from counting rows, so a deleted document's number is
    never given again; the row is updated under a lock by `services.next_number`.
    """

    kind = models.CharField("文书类型", max_length=16)
    year = models.PositiveIntegerField("年度")
    last_number = models.PositiveIntegerField("已用至", default=0)

    class Meta:
        verbose_name = "文书编号"
        verbose_name_plural = "文书编号"
        constraints = [
            models.UniqueConstraint(fields=["kind", "year"], name="sequence_unique_kind_year"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.year} {self.last_number}"


class SupervisionSlip(models.Model):
    """One supervision slip (督办单), 督办〔year〕第number号."""

    plan = models.ForeignKey(
        Plan, verbose_name="计划", on_delete=models.PROTECT, related_name="slips"
    )
    period = models.ForeignKey(
        ReportingPeriod,
        verbose_name="期次",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="slips",
    )
    task = models.ForeignKey(
        KeyTask, verbose_name="督办事项", on_delete=models.PROTECT, related_name="slips"
    )
    departments = models.ManyToManyField(
        Department, verbose_name="承办单位", related_name="supervision_slips"
    )
    level = models.CharField("督办等级", max_length=8, choices=SlipLevel.choices)
    year = models.PositiveIntegerField("年度")
    number = models.PositiveIntegerField("编号")
    requirements = models.TextField("督办要求")
    reply_deadline = models.DateField("办理时限")
    state = models.CharField(
        "状态", max_length=16, choices=SlipState.choices, default=SlipState.ISSUED
    )
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="下发人",
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    issued_at = models.DateTimeField("下发时间")
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="签收人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    signed_at = models.DateTimeField("签收时间", null=True, blank=True)
    reply = models.TextField("办理情况", blank=True)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="回复人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reply_at = models.DateTimeField("回复时间", null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="办结人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    closed_at = models.DateTimeField("办结时间", null=True, blank=True)
    close_note = models.TextField("办结意见", blank=True)
    escalated_to = models.OneToOneField(
        "self",
        verbose_name="升级为",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="escalated_from",
    )

    class Meta:
        verbose_name = "督办单"
        verbose_name_plural = "督办单"
        ordering = ["-year", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["year", "number"], name="slip_unique_number"),
        ]

    def __str__(self) -> str:
        return self.number_label

    @property
    def number_label(self) -> str:
        """督办〔2021〕第3号."""
        return f"督办〔{self.year}〕第{self.number}号"

    def is_overdue(self, today: date) -> bool:
        """Past the reply deadline and not yet replied or closed (逾期)."""
        return workflow.is_overdue(self.state, self.reply_deadline, today)

    def state_label(self, today: date) -> str:
        """The state as shown: 逾期 overrides a state still waiting for the reply."""
        return OVERDUE_LABEL if self.is_overdue(today) else self.get_state_display()


def slip_attachment_path(instance: "SlipAttachment", filename: str) -> str:
    # Random stored name under MEDIA_ROOT; the original name is kept on the row.
    return f"slips/{instance.slip_id}/{uuid.uuid4().hex}{Path(filename).suffix.lower()}"


class SlipAttachment(EvidenceFile):
    """Evidence a department attaches to its reply (佐证材料)."""

    slip = models.ForeignKey(SupervisionSlip, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField("文件", upload_to=slip_attachment_path)

    class Meta:
        verbose_name = "督办佐证材料"
        verbose_name_plural = "督办佐证材料"
        ordering = ["slip_id", "uploaded_at", "id"]


class EscalationProposal(models.Model):
    """A proposal to issue a slip for, or escalate the open slip of, a task lagging in two
    consecutive periods. A person decides; a dismissal needs a note."""

    task = models.ForeignKey(
        KeyTask, verbose_name="任务", on_delete=models.CASCADE, related_name="escalation_proposals"
    )
    period = models.ForeignKey(
        ReportingPeriod,
        verbose_name="期次",
        on_delete=models.CASCADE,
        related_name="escalation_proposals",
    )
    kind = models.CharField("建议", max_length=16, choices=ProposalKind.choices)
    reason = models.TextField("理由")
    state = models.CharField(
        "状态", max_length=16, choices=ProposalState.choices, default=ProposalState.OPEN
    )
    slip = models.ForeignKey(
        SupervisionSlip,
        verbose_name="相关督办单",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="升级建议:要升级的督办单;采纳后:下发或升级所得的督办单。",
    )
    created_at = models.DateTimeField("提出时间", auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="决定人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField("决定时间", null=True, blank=True)
    decision_note = models.TextField("决定意见", blank=True)

    class Meta:
        verbose_name = "督办建议"
        verbose_name_plural = "督办建议"
        ordering = ["-period__as_of", "task__position"]
        constraints = [
            models.UniqueConstraint(fields=["task", "period"], name="proposal_unique_per_period"),
        ]

    def __str__(self) -> str:
        return f"{self.period} {self.task} {self.get_kind_display()}"


def bulletin_path(instance: "Bulletin", filename: str) -> str:
    return f"bulletins/{instance.year}/{uuid.uuid4().hex}{Path(filename).suffix.lower()}"


class Bulletin(models.Model):
    """One numbered bulletin (通报 第N期) about a period, with the counts it printed."""

    plan = models.ForeignKey(
        Plan, verbose_name="计划", on_delete=models.PROTECT, related_name="bulletins"
    )
    period = models.ForeignKey(
        ReportingPeriod, verbose_name="期次", on_delete=models.PROTECT, related_name="bulletins"
    )
    year = models.PositiveIntegerField("年度")
    number = models.PositiveIntegerField("期数")
    counts = models.JSONField("统计", default=dict)
    summary = models.TextField("概述")
    file = models.FileField("文件", upload_to=bulletin_path, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="生成人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField("生成时间", auto_now_add=True)

    class Meta:
        verbose_name = "通报"
        verbose_name_plural = "通报"
        ordering = ["-year", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["year", "number"], name="bulletin_unique_number"),
        ]

    def __str__(self) -> str:
        return f"{self.year}年第{self.number}期"


class LeaderInstruction(models.Model):
    """A leader's instruction on a task (领导批示), recorded by the office; the lead department
    signs for it and replies. `state` follows `instruction_workflow`. Never scored."""

    task = models.ForeignKey(
        KeyTask, verbose_name="任务", on_delete=models.CASCADE, related_name="instructions"
    )
    text = models.TextField("批示内容")
    leader = models.CharField("批示领导", max_length=64)
    instructed_on = models.DateField("批示日期")
    reply_due = models.DateField("回复期限", null=True, blank=True)
    state = models.CharField("状态", max_length=16, choices=InstructionState.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="登记人", on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField("登记时间", auto_now_add=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="签收人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    signed_at = models.DateTimeField("签收时间", null=True, blank=True)
    reply = models.TextField("落实情况", blank=True)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="回复人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    replied_at = models.DateTimeField("回复时间", null=True, blank=True)

    class Meta:
        verbose_name = "领导批示"
        verbose_name_plural = "领导批示"
        ordering = ["task_id", "-instructed_on", "-id"]

    def __str__(self) -> str:
        return f"{self.leader} {self.instructed_on:%Y-%m-%d} 批示"

    def is_overdue(self, today: date) -> bool:
        return instruction_workflow.is_overdue(self.state, self.reply_due, today)
