"""Who may do what. Views ask these predicates; they never inspect roles inline."""

from typing import Any


def is_office(user: Any) -> bool:
    """The supervision office (督查室): manages the ledger, imports, publishes."""
    return bool(getattr(user, "is_authenticated", False) and user.is_staff and user.is_active)


def can_manage_ledger(user: Any) -> bool:
    return is_office(user)


def can_import(user: Any) -> bool:
    return is_office(user)


def can_publish(user: Any) -> bool:
    return is_office(user)
