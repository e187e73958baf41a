"""The scoring scheme (考核计分办法) of a plan, as the office set it.

One explicit Decimal field per value rather than one JSON document: each value gets its own
type, range check in the database (`CheckConstraint`), Chinese label and form field for free,
and the audit trail can name exactly which value changed. The set of values is fixed by the
rules in `scoring.py`, so the flexibility JSON would buy is not needed.

Percentages are stored as percent (60 means 60%), deductions as the positive number of points
taken off, the way the office reads them in a 考核细则.
"""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q

from duban.ledger.models import Plan

from . import scoring


class RankBy(models.TextChoices):
    RATE = scoring.RankBy.RATE.value, "按得分率排名(得分 ÷ 应得基本分)"
    TOTAL = scoring.RankBy.TOTAL.value, "按总分排名"


class RankGroups(models.TextChoices):
    SEPARATE = scoring.RankGroups.SEPARATE.value, "县(市、区)政府与市直单位分别排名"
    TOGETHER = scoring.RankGroups.TOGETHER.value, "全部单位统一排名"


class TieBreak(models.TextChoices):
    SHARED = scoring.TieBreak.SHARED.value, "同分同名次(下一名次顺延)"
    FEWER_DEDUCTIONS = scoring.TieBreak.FEWER_DEDUCTIONS.value, "同分时扣分少者在前"


def _points(label: str, default: int | str) -> models.DecimalField:
    return models.DecimalField(label, max_digits=6, decimal_places=2, default=Decimal(default))


def _percent(label: str, default: int | str) -> models.DecimalField:
    return models.DecimalField(label, max_digits=5, decimal_places=2, default=Decimal(default))


# Status code → the model field holding the share of the base it earns.
STATUS_SHARE_FIELDS: dict[str, str] = {
    "COMPLETED": "share_completed_pct",
    "AHEAD": "share_ahead_pct",
    "ON_TRACK": "share_on_track_pct",
    "PARTLY_BEHIND": "share_partly_behind_pct",
    "BEHIND": "share_behind_pct",
    "NOT_STARTED": "share_not_started_pct",
}
SLIP_FIELDS: dict[str, str] = {
    "blue": "slip_blue_deduction",
    "yellow": "slip_yellow_deduction",
    "red": "slip_red_deduction",
}
# Values that are a share of something (0–100%).
PERCENT_FIELDS = (
    "lead_share_pct",
    "co_share_pct",
    *STATUS_SHARE_FIELDS.values(),
    "early_bonus_pct",
    "exceed_bonus_pct",
    "item_deduction_cap_pct",
)
# Values that are points (never negative).
POINT_FIELDS = (
    "base_points",
    "late_report_deduction",
    "missing_report_deduction",
    "report_quality_deduction",
    *SLIP_FIELDS.values(),
    "bonus_cap",
)
VALUE_FIELDS = (
    "base_points",
    "lead_share_pct",
    "co_share_pct",
    *STATUS_SHARE_FIELDS.values(),
    "late_report_deduction",
    "missing_report_deduction",
    "report_quality_deduction",
    *SLIP_FIELDS.values(),
    "early_bonus_pct",
    "exceed_bonus_pct",
    "exceed_threshold_pct",
    "bonus_cap",
    "item_deduction_cap_pct",
    "tie_break",
    "rank_by",
    "rank_groups",
)


class ScoringScheme(models.Model):
    """The scoring values of one plan. Created with the defaults of domain-practice §6 I (each
    an assumption [A] for the office to confirm) the first time the plan is scored; changed
    only through `services.scoring_scheme_update`, which audits every change."""

    plan = models.OneToOneField(
        Plan, verbose_name="年度计划", on_delete=models.CASCADE, related_name="scoring_scheme"
    )
    base_points = _points("每项任务基本分", 10)
    lead_share_pct = _percent("牵头单位基本分比例", 100)
    co_share_pct = _percent("配合单位基本分比例", 0)
    share_completed_pct = _percent("已完成得分比例", 100)
    share_ahead_pct = _percent("进度较快得分比例", 100)
    share_on_track_pct = _percent("按时推进得分比例", 100)
    share_partly_behind_pct = _percent("部分滞后得分比例", 60)
    share_behind_pct = _percent("进度滞后得分比例", 30)
    share_not_started_pct = _percent("未启动得分比例", 0)
    late_report_deduction = _points("迟报扣分(每次)", 1)
    missing_report_deduction = _points("缺报扣分(每次)", 10)
    # Off (0) unless the office's scheme says report-quality flags cost points.
    report_quality_deduction = _points("报送质量提示扣分(每份报告)", 0)
    slip_blue_deduction = _points("蓝色督办单扣分(每张)", 0)
    slip_yellow_deduction = _points("黄色督办单扣分(每张)", 1)
    slip_red_deduction = _points("红色督办单扣分(每张)", 2)
    early_bonus_pct = _percent("提前完成加分(占该项基本分)", 8)
    exceed_bonus_pct = _percent("超额完成加分(占该项基本分)", 8)
    exceed_threshold_pct = _percent("超额完成标准(高于序时进度)", 10)
    bonus_cap = _points("加分上限(每单位)", 4)
    item_deduction_cap_pct = _percent("单项扣分上限(占该项基本分)", 100)
    tie_break = models.CharField(
        "同分排名", max_length=20, choices=TieBreak.choices, default=TieBreak.SHARED
    )
    rank_by = models.CharField(
        "排名依据", max_length=10, choices=RankBy.choices, default=RankBy.RATE
    )
    rank_groups = models.CharField(
        "排名分组", max_length=10, choices=RankGroups.choices, default=RankGroups.SEPARATE
    )
    updated_at = models.DateTimeField("修改时间", auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="修改人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = "考核计分办法"
        verbose_name_plural = "考核计分办法"
        constraints = [
            models.CheckConstraint(condition=Q(base_points__gt=0), name="scheme_base_positive"),
            *(
                models.CheckConstraint(
                    condition=Q(**{f"{name}__gte": 0, f"{name}__lte": 100}),
                    name=f"scheme_{name}_range",
                )
                for name in PERCENT_FIELDS
            ),
            *(
                models.CheckConstraint(
                    condition=Q(**{f"{name}__gte": 0}), name=f"scheme_{name}_not_negative"
                )
                for name in (*POINT_FIELDS, "exceed_threshold_pct")
                if name != "base_points"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.plan}考核计分办法"

    def as_scheme(self) -> scoring.Scheme:
        """The values as the pure scoring rules take them."""
        return scoring.Scheme(
            base_points=self.base_points,
            lead_share_pct=self.lead_share_pct,
            co_share_pct=self.co_share_pct,
            status_share_pct={
                status: getattr(self, name) for status, name in STATUS_SHARE_FIELDS.items()
            },
            late_report_points=self.late_report_deduction,
            missing_report_points=self.missing_report_deduction,
            report_quality_points=self.report_quality_deduction,
            slip_points={level: getattr(self, name) for level, name in SLIP_FIELDS.items()},
            early_bonus_pct=self.early_bonus_pct,
            exceed_bonus_pct=self.exceed_bonus_pct,
            exceed_threshold_pct=self.exceed_threshold_pct,
            bonus_cap=self.bonus_cap,
            item_deduction_cap_pct=self.item_deduction_cap_pct,
            tie_break=scoring.TieBreak(self.tie_break),
            rank_by=scoring.RankBy(self.rank_by),
            rank_groups=scoring.RankGroups(self.rank_groups),
        )
