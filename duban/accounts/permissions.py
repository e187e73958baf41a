"""Who may do what, by role. Views and the API ask these predicates; never inline role checks.

Object-level questions about reports live in `duban.reporting.permissions`.
"""

from typing import Any

from .models import DEPARTMENT_ROLES, OFFICE_ROLES, Role


def _active(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def role_of(user: Any) -> str:
    """The user's role; a superuser without one acts as the office admin."""
    if not _active(user):
        return ""
    if user.role:
        return str(user.role)
    return Role.OFFICE_ADMIN if user.is_superuser else ""


def is_office(user: Any) -> bool:
    """The supervision office (督查室): admin or reviewer."""
    return role_of(user) in OFFICE_ROLES


def is_office_admin(user: Any) -> bool:
    return role_of(user) == Role.OFFICE_ADMIN


def is_leader(user: Any) -> bool:
    return role_of(user) == Role.LEADER


def is_department_user(user: Any) -> bool:
    """A liaison or head of a department: sees only its own tasks."""
    return role_of(user) in DEPARTMENT_ROLES and user.department_id is not None


def can_read_everything(user: Any) -> bool:
    """The office and the leaders read every task, report and status."""
    return is_office(user) or is_leader(user)


def can_view_ledger(user: Any) -> bool:
    """Anyone with a role sees the ledger (department users only their own tasks)."""
    return can_read_everything(user) or is_department_user(user)


def can_manage_ledger(user: Any) -> bool:
    return is_office_admin(user)


def can_import(user: Any) -> bool:
    return is_office_admin(user)


def can_publish(user: Any) -> bool:
    return is_office_admin(user)


def can_manage_periods(user: Any) -> bool:
    return is_office_admin(user)


def can_review(user: Any) -> bool:
    return is_office(user)


def can_view_audit(user: Any) -> bool:
    return is_office(user)


def can_use_inbox(user: Any) -> bool:
    """我的任务 / 审核队列: department users and the office."""
    return is_department_user(user) or is_office(user)
