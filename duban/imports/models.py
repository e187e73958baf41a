"""An import batch: one uploaded file on its way through read → map → verify → apply."""

from django.conf import settings
from django.db import models


class ImportStatus(models.TextChoices):
    QUEUED = "queued", "排队中"
    READING = "reading", "读取中"
    NEEDS_MAPPING = "mapping", "待对应列"
    PREVIEW = "preview", "待确认"
    APPLYING = "applying", "导入中"
    APPLIED = "applied", "已导入"
    FAILED = "failed", "失败"


class ImportBatch(models.Model):
    """An import in progress or done; what the preview page shows comes from here.

    `problems` lists each problem found (row number and Chinese message); `new_departments`
    lists names not in the organization tree, each waiting for the office's decision
    (create it, or map it to an existing unit) in `decisions`. Nothing is written to the
    ledger until every problem is gone and every new name is decided.
    """

    kind = models.CharField("导入类型", max_length=32)
    source = models.FileField("文件", upload_to="imports/%Y/%m/")
    original_name = models.CharField("文件名", max_length=255)
    params = models.JSONField("参数", default=dict)
    status = models.CharField(
        "状态", max_length=16, choices=ImportStatus.choices, default=ImportStatus.QUEUED
    )
    progress_done = models.PositiveIntegerField("已处理行数", default=0)
    progress_total = models.PositiveIntegerField("总行数", default=0)
    summary = models.JSONField("摘要", default=dict, blank=True)
    problems = models.JSONField("问题", default=list, blank=True)
    new_departments = models.JSONField("新单位", default=list, blank=True)
    decisions = models.JSONField("确认", default=dict, blank=True)
    error = models.TextField("错误", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="导入人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)

    class Meta:
        verbose_name = "导入批次"
        verbose_name_plural = "导入批次"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.original_name} ({self.get_status_display()})"

    @property
    def progress_percent(self) -> int:
        if not self.progress_total:
            return 0
        return round(100 * self.progress_done / self.progress_total)
