"""Who may publish the progress table to the public pages."""

from typing import Any

from duban.accounts import permissions as roles


def can_publish(user: Any) -> bool:
    return roles.is_office_admin(user)
