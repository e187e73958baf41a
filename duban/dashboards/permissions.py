"""Who may open the cockpit (驾驶舱) and its API."""

from typing import Any

from duban.accounts import permissions as roles
from duban.ledger.permissions import can_view_ledger


def can_view_cockpit(user: Any) -> bool:
    """Anyone who sees the ledger; a department's figures cover only its own tasks."""
    return can_view_ledger(user)


def cockpit_in_menu(user: Any) -> bool:
    """The cockpit is the office's and the leaders' page; departments reach it by link."""
    return roles.can_read_everything(user)
