"""Reads of the ledger for the office's pages."""

from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet

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


def key_task_list(*, plan: Plan, filters: TaskFilters) -> QuerySet[KeyTask]:
    """The plan's tasks in table order with their units, filtered."""
    tasks = (
        KeyTask.objects.filter(plan=plan)
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


def key_task_get(*, pk: int) -> KeyTask | None:
    return (
        KeyTask.objects.select_related("plan", "plan__government", "parent")
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
