"""Who may do what with slips, proposals and bulletins. Views ask these; never inline roles.

The office (`can_review`) issues, closes and escalates slips, decides proposals and makes
bulletins; a liaison or head of an addressed department signs and replies; leaders read.
"""

from typing import Any

from duban.accounts import permissions
from duban.ledger.models import KeyTask
from duban.orgs.selectors import reads_government, unit_ids_speaking_for, works_for_government
from duban.reporting.permissions import is_lead_department_user

from . import instruction_workflow, workflow
from .models import SupervisionSlip


def can_view_slips(user: Any) -> bool:
    """The slip list: the office and leaders (every slip), department users (their own)."""
    return permissions.can_read_everything(user) or permissions.is_department_user(user)


def sees_every_slip(user: Any) -> bool:
    """The office and leaders see every slip; a department its own (我的督办单)."""
    return permissions.can_read_everything(user)


def can_issue_slip(user: Any) -> bool:
    return permissions.is_office(user)


def can_decide_proposals(user: Any) -> bool:
    return permissions.is_office(user)


def can_view_proposals(user: Any) -> bool:
    return permissions.can_read_everything(user)


def can_make_bulletin(user: Any) -> bool:
    return permissions.is_office(user)


def can_view_bulletins(user: Any) -> bool:
    return permissions.can_read_everything(user)


def addressed_unit_ids(user: Any) -> list[int]:
    """The units a department user answers for: its own and the groups it belongs to."""
    if not permissions.is_department_user(user):
        return []
    return unit_ids_speaking_for(user.department)


def is_addressed(user: Any, slip: SupervisionSlip) -> bool:
    """Whether `user` is a liaison or head of a department the slip is addressed to."""
    units = set(addressed_unit_ids(user))
    return bool(units) and any(d.pk in units for d in slip.departments.all())


def slip_capacities(user: Any, slip: SupervisionSlip) -> frozenset[str]:
    """The workflow capacities (office, department) `user` holds on `slip`."""
    held: set[str] = set()
    if permissions.is_office(user) and works_for_government(user, slip.plan.government_id):
        held.add(workflow.OFFICE)
    if is_addressed(user, slip):
        held.add(workflow.DEPARTMENT)
    return frozenset(held)


def can_view_slip(user: Any, slip: SupervisionSlip) -> bool:
    if permissions.can_read_everything(user):
        return reads_government(user, slip.plan.government_id)
    return is_addressed(user, slip)


def can_record_instruction(user: Any) -> bool:
    """Leader instructions are recorded by the office."""
    return permissions.is_office(user)


def instruction_capacities(user: Any, task: KeyTask) -> frozenset[str]:
    """The instruction capacities (office, department) `user` holds on `task`: the lead
    department signs and replies."""
    held: set[str] = set()
    if permissions.is_office(user) and works_for_government(user, task.plan.government_id):
        held.add(instruction_workflow.OFFICE)
    if is_lead_department_user(user, task):
        held.add(instruction_workflow.DEPARTMENT)
    return frozenset(held)
