"""States of periods and reports, with their badge colours."""

from django.db import models


class PeriodState(models.TextChoices):
    OPEN = "open", "填报中"
    CLOSED = "closed", "已关闭"


class ReportState(models.TextChoices):
    DRAFT = "draft", "草稿"
    PENDING_HEAD = "pending_head", "待部门审核"
    SUBMITTED = "submitted", "已提交"
    APPROVED = "approved", "通过"
    RETURNED = "returned", "退回"


REPORT_STATE_COLOURS = {
    ReportState.DRAFT: "grey",
    ReportState.PENDING_HEAD: "yellow",
    ReportState.SUBMITTED: "yellow",
    ReportState.APPROVED: "green",
    ReportState.RETURNED: "red",
}
