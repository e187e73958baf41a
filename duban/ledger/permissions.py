"""Who may see and change the ledger, by role. Views ask these; never inline role checks."""

from typing import Any

from duban.accounts import permissions as roles
from duban.orgs.selectors import unit_ids_speaking_for, works_for_government

from . import workflow
from .models import KeyTask


def can_view_ledger(user: Any) -> bool:
    """Anyone with a role sees the ledger (department users only their own tasks)."""
    return roles.can_read_everything(user) or roles.is_department_user(user)


def can_manage_ledger(user: Any) -> bool:
    return roles.is_office_admin(user)


def is_lead_department(user: Any, task: KeyTask) -> bool:
    """A liaison or head of the task's lead unit (directly or through its group)."""
    if not roles.is_department_user(user):
        return False
    lead = next(iter(task.responsibilities.all()), None)
    return lead is not None and lead.department_id in unit_ids_speaking_for(user.department)


def change_capacities(user: Any, task: KeyTask) -> frozenset[str]:
    """The capacities (department, office, leader) `user` holds on `task`'s change requests."""
    held: set[str] = set()
    own = works_for_government(user, task.plan.government_id)
    if roles.is_office(user) and own:
        held.add(workflow.OFFICE)
    if roles.is_leader(user) and own:
        held.add(workflow.LEADER)
    if is_lead_department(user, task):
        held.add(workflow.DEPARTMENT)
    return frozenset(held)


def can_request_change(user: Any, task: KeyTask) -> bool:
    return task.is_active and is_lead_department(user, task)
