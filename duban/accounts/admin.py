from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.http import HttpRequest

from duban.core.admin_audit import AuditedAdminMixin
from duban.core.audit import record_event
from duban.core.audit_verbs import AuditVerb

from .models import User

# Roles and privileges change through the account services (audited, and checked for the
# separation of duties), never by ticking a box here.
USER_ADMIN_READONLY = (
    "role",
    "is_superuser",
    "is_staff",
    "groups",
    "user_permissions",
    "last_login",
    "date_joined",
)


@admin.register(User)
class DubanUserAdmin(AuditedAdminMixin, UserAdmin):
    readonly_fields = USER_ADMIN_READONLY
    list_display = ("username", "first_name", "role", "department", "is_active")
    list_filter = ("role", "is_active")
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        ("个人信息", {"fields": ("first_name", "last_name", "email", "department")}),
        ("角色与权限", {"fields": ("role", "is_active", "is_staff", "is_superuser")}),
        ("时间", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("username", "usable_password", "password1", "password2"),
            },
        ),
    )

    def log_change(self, request: HttpRequest, obj: Any, message: Any) -> Any:
        # The admin's own password page saves past save_model; record that change too.
        match = getattr(request, "resolver_match", None)
        if match is not None and (match.url_name or "").endswith("password_change"):
            record_event(
                actor=request.user,
                verb=AuditVerb.ADMIN_CHANGE,
                target=obj,
                after={"password": "(已修改)"},
            )
        return super().log_change(request, obj, message)
