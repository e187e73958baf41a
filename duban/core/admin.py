from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Hidden: the audit trail is appended by services, never edited, and read only on the
    audit page by the 审计管理员 (docs/decisions/0026) — not by whoever runs the admin site."""

    list_display = ["occurred_at", "actor_label", "verb", "target_type", "target_label", "success"]
    list_filter = ["verb", "target_type", "success"]
    search_fields = ["actor_label", "target_label", "reason"]

    def has_module_permission(self, request: HttpRequest) -> bool:
        return False

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
