from django.contrib import admin
from django.http import HttpRequest

from duban.core.admin_audit import AuditedModelAdmin

from .models import KeyTask, Plan, TaskResponsibility


class ResponsibilityInline(admin.TabularInline):
    """Shown for reference; units change through `key_task_units_set`, which keeps the
    printed cell in step and records the change."""

    model = TaskResponsibility
    extra = 0
    fields = ("position", "department", "printed_name")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Plan)
class PlanAdmin(AuditedModelAdmin):
    list_display = ["year", "government", "title", "status_profile"]
    list_filter = ["year", "government"]


@admin.register(KeyTask)
class KeyTaskAdmin(AuditedModelAdmin):
    list_display = ["position", "seq", "short_text", "plan", "parent"]
    list_filter = ["plan"]
    search_fields = ["text", "seq"]
    inlines = [ResponsibilityInline]
    raw_id_fields = ["parent"]

    @admin.display(description="主要工作任务")
    def short_text(self, task: KeyTask) -> str:
        return task.text[:50]
