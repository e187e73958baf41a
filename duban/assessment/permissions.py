"""Who may read status suggestions and who decides them."""

from typing import Any

from duban.accounts import permissions as roles


def can_view_assessment(user: Any) -> bool:
    """The office and leaders read every suggestion."""
    return roles.can_read_everything(user)


def can_decide_status(user: Any) -> bool:
    """The office decides statuses, confirms indicators and sets the plan's thresholds."""
    return roles.is_office(user)
