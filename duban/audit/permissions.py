"""Who may read the audit log."""

from typing import Any

from duban.accounts import permissions as roles


def can_view_audit(user: Any) -> bool:
    return roles.is_office(user)
