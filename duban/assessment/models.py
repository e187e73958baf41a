"""What the status engine suggested per task and period, and which tasks' targets the office
has reviewed.

The engine itself (`rules.py`, `suggestion.py`, `extraction/`) is pure; these rows keep its
output so pages can show a suggestion beside the decided status without recomputing it, and
so a suggestion is recomputed only when what it was computed from changes.
"""

from django.conf import settings
from django.db import models

from duban.core.status import TaskStatus
from duban.ledger.models import KeyTask
from duban.reporting.models import ReportingPeriod


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
