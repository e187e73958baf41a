"""Who may do what with periods and reports; and, per report, in what capacity may a user act?"""

from typing import Any

from duban.accounts import permissions
from duban.accounts.models import Role
from duban.ledger.models import KeyTask
from duban.orgs.selectors import reads_government, unit_ids_speaking_for, works_for_government

from . import closure_workflow, workflow
from .models import ProgressReport, TaskClosure


def capacities(user: Any, report: ProgressReport) -> frozenset[str]:
    """The workflow capacities (liaison, head, reviewer) `user` holds on `report`."""
    held: set[str] = set()
    role = permissions.role_of(user)
    if permissions.is_office(user) and works_for_government(user, report.task.plan.government_id):
        held.add(workflow.REVIEWER)
    if permissions.is_department_user(user) and user.department_id == report.department_id:
        held.add(workflow.LIAISON if role == Role.LIAISON else workflow.HEAD)
    return frozenset(held)


def can_view_report(user: Any, report: ProgressReport) -> bool:
    """The office and leaders see every report of their governments; a department the
    reports of its tasks."""
    if permissions.can_read_everything(user):
        return reads_government(user, report.task.plan.government_id)
    if not permissions.is_department_user(user):
        return False
    if user.department_id == report.department_id:
        return True
    units = set(unit_ids_speaking_for(user.department))
    return any(r.department_id in units for r in report.task.responsibilities.all())


def can_act(user: Any, report: ProgressReport, action: str) -> bool:
    """Whether the transition table lets `user` take `action` on `report` now."""
    if not report.period.is_open:
        return False
    transition = workflow.find_transition(report.state, action)
    return transition is not None and transition.actor in capacities(user, report)


def can_edit_report(user: Any, report: ProgressReport) -> bool:
    return can_act(user, report, "save")


def can_contribute(user: Any, report: ProgressReport) -> bool:
    """A co-department's liaison adds its part while the lead is still drafting."""
    if not (report.period.is_open and report.state in workflow.EDITABLE_STATES):
        return False
    if permissions.role_of(user) != Role.LIAISON or user.department_id == report.department_id:
        return False
    return report.task.responsibilities.filter(department_id=user.department_id).exists()


def can_use_inbox(user: Any) -> bool:
    """我的任务 / 审核队列: department users and the office."""
    return permissions.is_department_user(user) or permissions.is_office(user)


def can_review(user: Any) -> bool:
    """The office reviews reports and sees the period list."""
    return permissions.is_office(user)


def can_manage_periods(user: Any) -> bool:
    return permissions.is_office_admin(user)


def can_import_table(user: Any) -> bool:
    """Uploading the progress table (数据导入) is the office admin's."""
    return permissions.is_office_admin(user)


def is_lead_department_user(user: Any, task: KeyTask) -> bool:
    """A liaison or head of the task's lead department (position 0)."""
    if not permissions.is_department_user(user):
        return False
    lead = task.responsibilities.order_by("position").first()
    return lead is not None and lead.department_id == user.department_id


def closure_capacities(user: Any, task: KeyTask) -> frozenset[str]:
    """The closure capacities (department, office, leader) `user` holds on `task`."""
    held: set[str] = set()
    own = works_for_government(user, task.plan.government_id)
    if permissions.is_office(user) and own:
        held.add(closure_workflow.OFFICE)
    if permissions.is_leader(user) and own:
        held.add(closure_workflow.LEADER)
    if is_lead_department_user(user, task):
        held.add(closure_workflow.DEPARTMENT)
    return frozenset(held)


def closure_actions(user: Any, task: KeyTask, closure: TaskClosure | None) -> list[str]:
    """The closure actions the table lets `user` take on `task` now."""
    state = closure.state if closure is not None else closure_workflow.NONE
    return [t.action for t in closure_workflow.actions_from(state, closure_capacities(user, task))]
