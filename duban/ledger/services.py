"""Writes to the task ledger. Each records an audit event."""

from typing import Any

from django.db import transaction

from duban.core.audit import record_event
from duban.core.audit_verbs import AuditVerb
from duban.core.exceptions import DomainError
from duban.core.models import clean_own_fields
from duban.exports.table import units_cell
from duban.orgs.models import Department

from .models import DEFAULT_TITLE, KeyTask, Plan, TaskResponsibility


@transaction.atomic
def plan_get_or_create(
    *,
    government: Department,
    year: int,
    title: str = "",
    status_profile: str = "jiaxing",
    actor: Any,
) -> tuple[Plan, bool]:
    """The government's plan for `year`, created on first use."""
    plan = Plan.objects.filter(government=government, year=year).first()
    if plan is not None:
        return plan, False
    plan = Plan(
        government=government,
        year=year,
        title=title or DEFAULT_TITLE.format(year=year, government=government.name),
        status_profile=status_profile,
    )
    plan.full_clean()
    plan.save()
    record_event(
        actor=actor,
        verb="ledger.plan_create",
        target=plan,
        after={"year": year, "title": plan.title, "status_profile": status_profile},
    )
    return plan, True


def _task_facts(task: KeyTask, printed_names: list[str]) -> dict[str, Any]:
    return {
        "seq": task.seq,
        "position": task.position,
        "text": task.text,
        "parent": task.parent.seq if task.parent else None,
        "responsible_text": task.responsible_text,
        "leader": task.leader,
        "departments": printed_names,
        "deadline_text": task.deadline_text,
        "targets_text": task.targets_text,
        "remarks": task.remarks,
        "extra": task.extra,
    }


_DETAIL_FIELDS = frozenset({"deadline_text", "targets_text", "remarks", "extra"})


@transaction.atomic
def key_task_save(
    *,
    plan: Plan,
    task: KeyTask | None,
    seq: str,
    position: int,
    text: str,
    parent: KeyTask | None,
    responsible_text: str,
    departments: list[tuple[Department, str]],
    leader: str = "",
    details: dict[str, Any] | None = None,
    actor: Any,
) -> KeyTask:
    """Create a task, or update `task`, with its ordered responsible units (first = lead).

    `departments` pairs each unit with the name printed for it. `details` sets the printed
    deadline_text / targets_text / remarks / extra (None keeps them). Nothing is written
    (and no event recorded) when nothing changed.
    """
    existing = list(task.responsibilities.all()) if task is not None else []
    current = [(r.department_id, r.printed_name) for r in existing]
    wanted = [(unit.pk, printed) for unit, printed in departments]
    before = _task_facts(task, [r.printed_name for r in existing]) if task is not None else None
    if task is None:
        task = KeyTask(plan=plan)
    task.seq, task.position, task.text = seq, position, text
    task.parent, task.responsible_text, task.leader = parent, responsible_text, leader
    for name, value in (details or {}).items():
        if name in _DETAIL_FIELDS:
            setattr(task, name, value)
    after = _task_facts(task, [printed for _, printed in departments])
    if before == after and current == wanted:
        return task
    clean_own_fields(task)
    task.save()
    if wanted != current:
        if existing:
            task.responsibilities.all().delete()
        TaskResponsibility.objects.bulk_create(
            TaskResponsibility(task=task, department=unit, position=index, printed_name=printed)
            for index, (unit, printed) in enumerate(departments)
        )
    if before != after:
        verb = AuditVerb.TASK_CREATE if before is None else AuditVerb.TASK_UPDATE
        record_event(actor=actor, verb=verb, target=task, before=before, after=after)
    return task


@transaction.atomic
def key_task_units_set(*, task: KeyTask, departments: list[Department], actor: Any) -> KeyTask:
    """Set a task's responsible units (first = lead) from the application, not from a file.

    The printed cell is regenerated in the canonical layout, since there is no printed text
    to keep for a list the office chose.
    """
    if not departments:
        raise DomainError("至少需要一个牵头单位。")
    names = [unit.name for unit in departments]
    return key_task_save(
        plan=task.plan,
        task=task,
        seq=task.seq,
        position=task.position,
        text=task.text,
        parent=task.parent,
        responsible_text=units_cell(names),
        departments=[(unit, unit.name) for unit in departments],
        leader=task.leader,
        actor=actor,
    )


@transaction.atomic
def key_task_positions_shift(*, plan: Plan, offset: int) -> None:
    """Move every task of `plan` out of the way before a table import renumbers them.

    Positions are unique per plan, so re-ordering in place would collide mid-way.
    """
    for task in KeyTask.objects.filter(plan=plan).order_by("-position"):
        KeyTask.objects.filter(pk=task.pk).update(position=task.position + offset)
