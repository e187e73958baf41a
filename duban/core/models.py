"""Shared kernel models: the append-only audit trail."""

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone

from .audit_verbs import verb_label


class AuditEvent(models.Model):
    """One recorded write, decision, login, export or publication.

    Written only through `duban.core.audit.record_event`. The application never updates or
    deletes a row: `save()` refuses an update and `delete()` refuses outright.
    """

    occurred_at = models.DateTimeField("时间", auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor_label = models.CharField("操作人(名称)", max_length=150, blank=True)
    verb = models.CharField("事件", max_length=64, db_index=True)
    target_type = models.CharField("对象类型", max_length=64, blank=True, db_index=True)
    target_id = models.CharField("对象编号", max_length=64, blank=True)
    target_label = models.CharField("对象", max_length=255, blank=True)
    before = models.JSONField("修改前", null=True, blank=True)
    after = models.JSONField("修改后", null=True, blank=True)
    reason = models.TextField("原因", blank=True)
    success = models.BooleanField("成功", default=True)

    class Meta:
        verbose_name = "审计事件"
        verbose_name_plural = "审计日志"
        ordering = ["-occurred_at", "-id"]

    def __str__(self) -> str:
        when = timezone.localtime(self.occurred_at) if self.occurred_at else None
        return f"{when:%Y-%m-%d %H:%M} {self.actor_label} {self.verb} {self.target_label}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise PermissionError("审计日志只能追加,不能修改。")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PermissionError("审计日志只能追加,不能删除。")

    @property
    def verb_label(self) -> str:
        """What happened, in the office's words ("提交报告"), not the stored code."""
        return verb_label(self.verb)


def clean_own_fields(instance: models.Model, *, validate_constraints: bool = False) -> None:
    """`full_clean()` without re-checking that related rows exist.

    Services set relations from rows they have just loaded or locked, so Django's existence
    check (one query per foreign key) proves nothing there and costs hundreds of queries in a
    table import. Field values, choices, lengths and (optionally) constraints are still checked.
    """
    relations = [field.name for field in instance._meta.concrete_fields if field.is_relation]
    instance.full_clean(
        exclude=relations, validate_unique=False, validate_constraints=validate_constraints
    )


class EvidenceFile(models.Model):
    """An uploaded evidence file (pdf, docx, xlsx, jpg, png), checked by its bytes.

    Subclasses add the owner and the `file` field with their own `upload_to` (a random stored
    name under MEDIA_ROOT, outside the web root); the original name is kept here and sent only
    to users allowed to download it.
    """

    original_name = models.CharField("文件名", max_length=255)
    content_type = models.CharField("类型", max_length=100)
    size = models.PositiveIntegerField("大小")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.original_name
