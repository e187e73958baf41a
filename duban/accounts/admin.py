from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from .models import User


@admin.register(User)
class DubanUserAdmin(UserAdmin):
    # The office's own pages (系统管理) are where accounts are managed and audited; the admin
    # at least shows and edits the role and unit beside Django's fields.
    fieldsets = (*(UserAdmin.fieldsets or ()), ("督办", {"fields": ("role", "department")}))
    add_fieldsets = (
        *UserAdmin.add_fieldsets,
        ("督办", {"fields": ("role", "department")}),
    )
    list_display = ("username", "first_name", "role", "department", "is_active")
    list_filter = ("role", "is_active")
