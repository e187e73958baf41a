"""Who may read the audit log: the 审计管理员 only (docs/decisions/0026).

The office administers the supervision work and the 系统管理员 the accounts; neither reads the
trail of what they did.
"""

from typing import Any

from duban.accounts import permissions as roles


def can_view_audit(user: Any) -> bool:
    return roles.is_audit_admin(user)
