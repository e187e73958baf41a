"""Roles: who a user is (office, leader, department). Each app's own `permissions.py` builds
its predicates (who may do what there) on these helpers; views never inline role checks.
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


def is_system_admin(user: Any) -> bool:
    """系统管理员: manages accounts and settings; never reads the audit log."""
    return role_of(user) == Role.SYSTEM_ADMIN


def is_security_admin(user: Any) -> bool:
    """安全管理员: unlocks accounts and resets second factors; never reads the audit log."""
    return role_of(user) == Role.SECURITY_ADMIN


def is_audit_admin(user: Any) -> bool:
    """审计管理员: reads the audit log and nothing else."""
    return role_of(user) == Role.AUDIT_ADMIN


def can_manage_security(user: Any) -> bool:
    """Unlock a locked account, reset someone's second factor."""
    return is_security_admin(user)


def can_read_everything(user: Any) -> bool:
    """The office and the leaders read every task, report and status."""
    return is_office(user) or is_leader(user)


def can_import(user: Any) -> bool:
    # Kept for `imports/views.py` until the upload page moves to the progress-table package,
    # whose own `permissions.py` will own it (`reporting.permissions.can_import_table` today).
    return is_office_admin(user)


def can_manage_accounts(user: Any) -> bool:
    """系统管理: creating accounts, roles and units, resets and unlocks — the 系统管理员's job,
    and the office admin's where the city runs no separate one. Neither reads the audit log
    (decision 0026): separation of duties holds either way."""
    return is_office_admin(user) or is_system_admin(user)
