"""Immutable snapshots of what the public sees (政务公开).

Publishing a period freezes its table into a `Publication` and its `PublishedRow`s. Public
views read only these two models, never the working ledger. A correction is a new
publication of the same period with a note; earlier versions stay retrievable.
"""

from typing import Any

from django.conf import settings
from django.db import models

from duban.core.status import STATUS_COLOURS, TaskStatus
from duban.reporting.models import ReportingPeriod


class ImmutableRow(models.Model):
    """A row that is written once: the application cannot update or delete it."""

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and not self._state.adding:
            raise PermissionError("已发布的内容不能修改;请发布更正版本。")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PermissionError("已发布的内容不能删除;请发布更正版本。")


class Publication(ImmutableRow):
    """One published version of a period's progress table."""

    period = models.ForeignKey(
        ReportingPeriod, verbose_name="期次", on_delete=models.PROTECT, related_name="publications"
    )
    version = models.PositiveIntegerField("版本")
    column = models.CharField("栏目", max_length=100)
    title = models.CharField("标题", max_length=200)
    published_at = models.DateTimeField("发布日期")
    source = models.CharField("信息来源", max_length=100)
    correction_note = models.TextField("更正说明", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="发布人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField("生成时间", auto_now_add=True)

    class Meta:
        verbose_name = "公开发布"
        verbose_name_plural = "公开发布"
        ordering = ["-published_at", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["period", "version"], name="publication_unique_version"
            ),
        ]

    def __str__(self) -> str:
        suffix = f"(第{self.version}版)" if self.version > 1 else ""
        return f"{self.title}{suffix}"


class PublicationWithdrawal(ImmutableRow):
    """The withdrawal (撤回) of one published version, with the note the public reads.

    A snapshot stays as frozen as it was; the withdrawal is a row of its own, written once, so
    the version's URL can say what happened and when instead of vanishing.
    """

    publication = models.OneToOneField(
        Publication, verbose_name="公开发布", on_delete=models.PROTECT, related_name="withdrawal"
    )
    note = models.TextField("撤回说明")
    withdrawn_at = models.DateTimeField("撤回时间")
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="撤回人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = "撤回公开"
        verbose_name_plural = "撤回公开"

    def __str__(self) -> str:
        return f"{self.publication}(已撤回)"


class PublishedRow(ImmutableRow):
    """One row of a published table, exactly as printed."""

    publication = models.ForeignKey(Publication, on_delete=models.PROTECT, related_name="rows")
    position = models.PositiveIntegerField("行次")
    seq = models.CharField("序号", max_length=16, blank=True)
    task = models.TextField("主要工作任务")
    progress = models.TextField("进展情况", blank=True)
    departments_text = models.TextField("牵头部门", blank=True)
    departments = models.JSONField("牵头部门(列表)", default=list)
    # Canonical unit names between bars ("|市经信局|长三角发展办|"): a filter by unit finds every
    # row whatever spelling was printed (经信局 / 市经信局), with a lookup both databases share.
    unit_names = models.TextField("单位(规范名称)", blank=True)
    status = models.CharField("状态", max_length=16, choices=TaskStatus.choices, blank=True)
    status_label = models.CharField("进展状态", max_length=16, blank=True)
    # The approved baseline change the row was judged against, said on the public page.
    baseline_note = models.TextField("基线调整说明", blank=True)

    class Meta:
        verbose_name = "公开行"
        verbose_name_plural = "公开行"
        ordering = ["publication_id", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["publication", "position"], name="published_row_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.seq} {self.task[:30]}"

    @property
    def paragraphs(self) -> list[str]:
        return [p for p in self.progress.split("\n") if p]

    @property
    def unit_list(self) -> list[str]:
        return [name for name in self.unit_names.split("|") if name]

    @property
    def colour(self) -> str:
        return STATUS_COLOURS.get(self.status, "grey")
