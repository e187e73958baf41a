from django.contrib import admin

from .models import ProgressReport, ReportingPeriod


@admin.register(ReportingPeriod)
class ReportingPeriodAdmin(admin.ModelAdmin):
    list_display = ["plan", "label", "as_of", "due_date"]
    list_filter = ["plan"]


@admin.register(ProgressReport)
class ProgressReportAdmin(admin.ModelAdmin):
    list_display = ["task", "period", "department", "updated_at"]
    list_filter = ["period"]
    search_fields = ["progress", "task__text"]
    raw_id_fields = ["task"]
    # Decided statuses change only through their service (audited), so they are not edited here.
