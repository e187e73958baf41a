"""Reads of the ledger for the office's pages."""

from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from duban.accounts import permissions
from duban.orgs.selectors import unit_ids_speaking_for

from .models import KeyTask, Plan, TaskResponsibility


def plan_list() -> QuerySet[Plan]:
    return Plan.objects.select_related("government").order_by("-year", "government__name")


def plan_get(*, pk: int) -> Plan | None:
    return plan_list().filter(pk=pk).first()


@dataclass(frozen=True)
class TaskFilters:
    query: str = ""
    department_id: int | None = None
    lead_only: bool = False


def key_task_scope(*, user: Any) -> QuerySet[KeyTask]:
    """Every task `user` may see: all for the office and leaders; for a department, the tasks
    it leads or co-leads (directly or through a group such as 各县(市、区)政府)."""
    if permissions.can_read_everything(user):
        return KeyTask.objects.all()
    if permissions.is_department_user(user):
        units = unit_ids_speaking_for(user.department)
        return KeyTask.objects.filter(
            pk__in=TaskResponsibility.objects.filter(department_id__in=units).values("task_id")
        )
    return KeyTask.objects.none()


def key_task_list_for(*, user: Any, plan: Plan, filters: TaskFilters) -> QuerySet[KeyTask]:
    """The plan's tasks `user` may see, in table order with their units, filtered."""
    tasks = (
        key_task_scope(user=user)
        .filter(plan=plan)
        .select_related("parent")
        .prefetch_related(
            Prefetch(
                "responsibilities",
                queryset=TaskResponsibility.objects.select_related("department").order_by(
                    "position"
                ),
            )
        )
        .order_by("position")
    )
    for word in filters.query.split():
        tasks = tasks.filter(Q(text__icontains=word) | Q(seq=word))
    if filters.department_id:
        units = TaskResponsibility.objects.filter(department_id=filters.department_id)
        if filters.lead_only:
            units = units.filter(position=0)
        tasks = tasks.filter(pk__in=units.values("task_id"))
    return tasks


def key_task_get_for(*, user: Any, pk: int) -> KeyTask | None:
    """One task, if `user` may see it."""
    return (
        key_task_scope(user=user)
        .select_related("plan", "plan__government", "parent")
        .prefetch_related(
            Prefetch(
                "responsibilities",
                queryset=TaskResponsibility.objects.select_related("department").order_by(
                    "position"
                ),
            ),
            "subtasks",
        )
        .filter(pk=pk)
        .first()
    )
