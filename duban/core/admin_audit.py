"""Every save and delete in the Django admin leaves an audit event.

The admin writes models directly, past the services that would record the change, so each
ModelAdmin mixes this in: `save_model`, `delete_model` and the list page's bulk delete
(`delete_queryset`) record what changed, field by field, as the form saw it.
"""

from typing import Any

from django.contrib import admin
from django.db import models
from django.http import HttpRequest

from .audit import record_event
from .audit_verbs import AuditVerb


def _plain(value: Any) -> Any:
    """A JSON-safe rendering of a form value (model instances and querysets by name)."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, models.QuerySet | list | tuple | set):
        return [_plain(item) for item in value]
    return str(value)


class AuditedAdminMixin:
    """Mix into a ModelAdmin (before `admin.ModelAdmin`) to audit its writes."""

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        changed = list(getattr(form, "changed_data", []) or [])
        before = {name: _plain(form.initial.get(name)) for name in changed} if change else None
        super().save_model(request, obj, form, change)  # type: ignore[misc]
        after = {name: _plain(form.cleaned_data.get(name)) for name in changed}
        for secret in ("password", "password1", "password2"):
            if secret in after:
                after[secret] = "(已修改)"
                if before is not None:
                    before.pop(secret, None)
        record_event(
            actor=request.user,
            verb=AuditVerb.ADMIN_CHANGE if change else AuditVerb.ADMIN_ADD,
            target=obj,
            before=before,
            after=after,
        )

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        super().save_formset(request, form, formset, change)  # type: ignore[misc]
        for obj in formset.new_objects:
            record_event(actor=request.user, verb=AuditVerb.ADMIN_ADD, target=obj)
        for obj, fields in formset.changed_objects:
            record_event(
                actor=request.user,
                verb=AuditVerb.ADMIN_CHANGE,
                target=obj,
                after={"fields": fields},
            )
        for obj in formset.deleted_objects:
            record_event(actor=request.user, verb=AuditVerb.ADMIN_DELETE, target_label=str(obj))

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        record_event(actor=request.user, verb=AuditVerb.ADMIN_DELETE, target=obj)
        super().delete_model(request, obj)  # type: ignore[misc]

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        for obj in queryset:
            record_event(actor=request.user, verb=AuditVerb.ADMIN_DELETE, target=obj)
        super().delete_queryset(request, queryset)  # type: ignore[misc]


class AuditedModelAdmin(AuditedAdminMixin, admin.ModelAdmin):
    """A ModelAdmin whose every save and delete is audited."""
