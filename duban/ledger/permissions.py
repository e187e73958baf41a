"""Who may see and change the ledger, by role. Views ask these; never inline role checks."""

from typing import Any

from duban.accounts import permissions as roles


def can_view_ledger(user: Any) -> bool:
    """Anyone with a role sees the ledger (department users only their own tasks)."""
    return roles.can_read_everything(user) or roles.is_department_user(user)


def can_manage_ledger(user: Any) -> bool:
    return roles.is_office_admin(user)
