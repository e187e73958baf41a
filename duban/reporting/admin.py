from django.contrib import admin

from duban.core.admin_audit import AuditedModelAdmin

from .models import ProgressReport, ReportingPeriod


@admin.register(ReportingPeriod)
class ReportingPeriodAdmin(AuditedModelAdmin):
    # Opening and closing a period are services (audited, and they lock the row).
    readonly_fields = ["state", "due_date"]
    list_display = ["plan", "label", "as_of", "due_date"]
    list_filter = ["plan"]


@admin.register(ProgressReport)
class ProgressReportAdmin(AuditedModelAdmin):
    # The workflow state and the optimistic version change through report_save / report_act.
    readonly_fields = ["state", "version", "submitted_at", "return_reason"]
    list_display = ["task", "period", "department", "updated_at"]
    list_filter = ["period"]
    search_fields = ["progress", "task__text"]
    raw_id_fields = ["task"]
    # Decided statuses change only through their service (audited), so they are not edited here.
