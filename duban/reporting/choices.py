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


class YearForecast(models.TextChoices):
    """The lead department's own forecast for the year (预计全年), asked with every report."""

    CAN = "can", "能完成"
    DIFFICULT = "difficult", "有困难"
    CANNOT = "cannot", "不能完成"


# A forecast that says the year's target is in danger, whatever today's status (flagged).
FORECAST_AT_RISK = frozenset({YearForecast.DIFFICULT, YearForecast.CANNOT})
FORECAST_COLOURS = {
    YearForecast.CAN: "green",
    YearForecast.DIFFICULT: "yellow",
    YearForecast.CANNOT: "red",
}


class ClosureState(models.TextChoices):
    """The stored states of `closure_workflow` (its NONE is no row at all)."""

    APPLIED = "applied", "已申请"
    VERIFIED = "verified", "已核实"
    CONFIRMED = "confirmed", "已销号"
    REJECTED = "rejected", "已退回"
    REOPENED = "reopened", "已重启"
