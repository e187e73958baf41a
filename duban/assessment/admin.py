from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from duban.core.admin_audit import AuditedModelAdmin

from .models import StatusRules
from .services import status_rules_save


@admin.register(StatusRules)
class StatusRulesAdmin(AuditedModelAdmin):
    """The office edits a plan's thresholds here; saving goes through the audited service."""

    list_display = [
        "plan",
        "ahead_ratio",
        "partly_behind_max_gap_pp",
        "tolerance_pp",
        "rate_tolerance_pp",
        "read_schedule_statements",
        "updated_at",
    ]

    def save_model(self, request: HttpRequest, obj: StatusRules, form: Any, change: bool) -> None:
        status_rules_save(rules=obj, actor=request.user)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
