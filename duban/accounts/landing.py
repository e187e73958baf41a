"""Where each role lands after signing in (DESIGN: office → 工作台, departments → my tasks,
leaders → 驾驶舱)."""

from typing import Any

from django.urls import reverse

from . import permissions


def landing_url(user: Any) -> str:
    # The administrators of 等保三级 see none of the supervision work (decision 0026).
    if permissions.is_system_admin(user):
        return reverse("admin:index")
    if permissions.is_audit_admin(user):
        return reverse("audit:audit_list")
    if permissions.is_security_admin(user):
        return reverse("notifications:notification_list")
    if permissions.is_leader(user):
        return reverse("dashboards:cockpit")
    if permissions.is_department_user(user) or permissions.is_office(user):
        return reverse("reporting:inbox")
    return reverse("reporting:task_list")
