"""Who may see and change appraisal scores, by role (views never check roles inline)."""

from typing import Any

from duban.accounts import permissions
from duban.ledger.permissions import can_view_ledger


def can_view_ranking(user: Any) -> bool:
    """The office and leaders see every unit; a department user sees its own unit's lines."""
    return can_view_ledger(user)


def can_view_all_scores(user: Any) -> bool:
    return permissions.can_read_everything(user)


def can_edit_scheme(user: Any) -> bool:
    """Only the office's admin sets the scoring values."""
    return permissions.is_office_admin(user)
