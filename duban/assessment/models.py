"""What the status engine suggested per task and period, and which tasks' targets the office
has reviewed.

The engine itself (`rules.py`, `suggestion.py`, `extraction/`) is pure; these rows keep its
output so pages can show a suggestion beside the decided status without recomputing it, and
so a suggestion is recomputed only when what it was computed from changes.
"""

from decimal import Decimal

from django.conf import settings
from django.db import models

from duban.assessment.confidence import HIGH, LEVEL_NAMES, LOW, MEDIUM
from duban.core.status import TaskStatus
from duban.ledger.models import KeyTask
from duban.reporting.models import ReportingPeriod


class Confidence(models.TextChoices):
    """The levels of `assessment.confidence` (its LEVEL_NAMES)."""

    LOW = LOW, LEVEL_NAMES[LOW]
    MEDIUM = MEDIUM, LEVEL_NAMES[MEDIUM]
    HIGH = HIGH, LEVEL_NAMES[HIGH]


class StatusAssessment(models.Model):
    """The suggested status (建议状态) of a task for a period, with its reasons.

    `inputs_fingerprint` digests everything the suggestion was computed from (task text,
    progress text, confirmed indicators, reported figures, self-assessment, thresholds and the
    engine's own code): a different fingerprint means the kept suggestion is stale.
    `pairs` holds the judged figures (completion, time share, gap) behind the reasons.
    """

    task = models.ForeignKey(
        KeyTask, verbose_name="任务", on_delete=models.CASCADE, related_name="assessments"
    )
    period = models.ForeignKey(
        ReportingPeriod, verbose_name="期次", on_delete=models.CASCADE, related_name="assessments"
    )
    status = models.CharField("建议状态", max_length=16, choices=TaskStatus.choices)
    label = models.CharField("建议状态(口径名称)", max_length=16, blank=True)
    reasons = models.JSONField("研判理由", default=list, blank=True)
    pairs = models.JSONField("研判数据", default=list, blank=True)
    used_indicators = models.BooleanField("采用已确认指标", default=False)
    # How sure the suggestion is (confidence.py): the page reads the uncertain ones first.
    confidence = models.CharField(
        "把握程度", max_length=8, choices=Confidence.choices, default=Confidence.LOW
    )
    confidence_score = models.PositiveSmallIntegerField("把握分", default=0)
    confidence_note = models.CharField("把握说明", max_length=300, blank=True)
    inputs_fingerprint = models.CharField("输入摘要", max_length=64)
    computed_at = models.DateTimeField("计算时间")

    class Meta:
        verbose_name = "状态研判"
        verbose_name_plural = "状态研判"
        ordering = ["period_id", "task__position"]
        constraints = [
            models.UniqueConstraint(fields=["task", "period"], name="assessment_unique_per_period"),
        ]

    def __str__(self) -> str:
        return f"{self.period} {self.task} 建议{self.get_status_display()}"

    @property
    def is_assessable(self) -> bool:
        """Whether the engine found grounds for a suggestion (暂不评估 means it found none)."""
        return self.status != TaskStatus.NOT_ASSESSABLE


class IndicatorReview(models.Model):
    """The office reviewed a task's targets: from then on its `Indicator` rows — possibly none,
    when the printed numbers are not targets — replace what the extractor reads."""

    task = models.OneToOneField(
        KeyTask, verbose_name="任务", on_delete=models.CASCADE, related_name="indicator_review"
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="确认人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reviewed_at = models.DateTimeField("确认时间")

    class Meta:
        verbose_name = "指标确认"
        verbose_name_plural = "指标确认"

    def __str__(self) -> str:
        return f"{self.task} 指标已确认"


class StatusRules(models.Model):
    """A plan's thresholds for suggesting statuses (序时进度), edited by the office.

    Without a row the plan's status profile defaults apply (DESIGN.md: AHEAD at R ≥ 1.10·T,
    PARTLY_BEHIND up to 30 points behind, BEHIND beyond, no tolerance). The bands — ON_TRACK
    below the tolerance, PARTLY_BEHIND from it to the limit, BEHIND beyond — are printed in
    every reason that falls in one (decision 0020).
    """

    plan = models.OneToOneField(
        "ledger.Plan", verbose_name="计划", on_delete=models.CASCADE, related_name="status_rules"
    )
    ahead_ratio = models.DecimalField(
        "进度较快倍数",
        max_digits=4,
        decimal_places=2,
        # A Decimal: a float default (1.1) fails the field's own two-places check.
        default=Decimal("1.10"),
        help_text="完成率达到序时进度的多少倍(或增速达到目标增速的多少倍)为进度较快",
    )
    partly_behind_max_gap_pp = models.DecimalField(
        "部分滞后上限(个百分点)",
        max_digits=5,
        decimal_places=1,
        default=30,
        help_text="落后序时进度不超过此数为部分滞后,超过为进度滞后",
    )
    tolerance_pp = models.DecimalField(
        "容差(个百分点)",
        max_digits=4,
        decimal_places=1,
        default=0,
        help_text="落后不超过此数仍视为按时推进(默认0,严格按序时进度)",
    )
    # The band for growth and reduction rates (增长7%: 6.6% is 0.4 points short): points of a
    # rate weigh more than points of a year's share, so it has its own tolerance.
    rate_tolerance_pp = models.DecimalField(
        "增速容差(个百分点)",
        max_digits=4,
        decimal_places=1,
        default=0,
        help_text="增速(降幅)低于目标不超过此数仍视为按时推进(默认0,增幅低于目标即未达序时)",
    )
    read_schedule_statements = models.BooleanField(
        "采信进展中的序时表述",
        default=True,
        help_text="进展情况写明“低于序时进度”“滞后”等时据此研判",
    )
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "研判规则"
        verbose_name_plural = "研判规则"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ahead_ratio__gte=1), name="ahead_ratio_at_least_1"
            ),
            models.CheckConstraint(
                condition=models.Q(partly_behind_max_gap_pp__gt=0),
                name="partly_behind_gap_positive",
            ),
            models.CheckConstraint(
                condition=models.Q(tolerance_pp__gte=0), name="tolerance_not_negative"
            ),
            models.CheckConstraint(
                condition=models.Q(rate_tolerance_pp__gte=0), name="rate_tolerance_not_negative"
            ),
            models.CheckConstraint(
                condition=models.Q(tolerance_pp__lt=models.F("partly_behind_max_gap_pp")),
                name="tolerance_below_partly_behind_limit",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.plan} 研判规则"
