from django.contrib import admin

from duban.core.admin_audit import AuditedModelAdmin

from .models import Department, DepartmentAlias


class AliasInline(admin.TabularInline):
    model = DepartmentAlias
    fk_name = "department"
    extra = 0
    fields = ["alias", "government"]


@admin.register(Department)
class DepartmentAdmin(AuditedModelAdmin):
    list_display = ["name", "kind", "government", "is_active", "sort_order"]
    list_filter = ["kind", "government", "is_active"]
    search_fields = ["name", "aliases__alias"]
    filter_horizontal = ["members"]
    inlines = [AliasInline]


@admin.register(DepartmentAlias)
class DepartmentAliasAdmin(AuditedModelAdmin):
    list_display = ["alias", "department", "government"]
    search_fields = ["alias", "department__name"]
