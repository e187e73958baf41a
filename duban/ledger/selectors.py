"""Reads of the ledger for the office's pages."""

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from duban.accounts import permissions
from duban.core.models import AuditEvent
from duban.orgs.selectors import governments_seen_by, unit_ids_speaking_for

from .models import ChangeRequest, KeyTask, Plan, TaskBaseline, TaskResponsibility


def plan_scope(*, user: Any) -> QuerySet[Plan]:
    """The plans of the governments `user` sees (its own; a province's leaders, every city's)."""
    return Plan.objects.filter(government_id__in=governments_seen_by(user=user))


def plan_list_for(*, user: Any) -> QuerySet[Plan]:
    return plan_scope(user=user).select_related("government").order_by("-year", "government__name")


def plan_get_for(*, user: Any, pk: int) -> Plan | None:
    return plan_list_for(user=user).filter(pk=pk).first()


def plan_choose(*, user: Any, requested_id: int | None) -> Plan | None:
    """The plan a page shows: the requested one if `user` sees it, else the newest it sees."""
    chosen = plan_get_for(user=user, pk=requested_id) if requested_id is not None else None
    return chosen or plan_list_for(user=user).first()


@dataclass(frozen=True)
class TaskFilters:
    query: str = ""
    department_id: int | None = None
    lead_only: bool = False


def key_task_scope(*, user: Any) -> QuerySet[KeyTask]:
    """Every task `user` may see: all of its governments' for the office and leaders; for a
    department, the tasks it leads or co-leads (directly or through a group such as
    各县(市、区)政府)."""
    if permissions.can_read_everything(user):
        return KeyTask.objects.filter(plan__government_id__in=governments_seen_by(user=user))
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


# --- baselines and change requests ----------------------------------------------------------

NOTHING_BEFORE = "无"
_CLAUSE_RE = re.compile(r"[^,,。;;、]+")


def _changed_phrase(old: str, new: str) -> tuple[str, str]:
    """The clauses of `old` that the change replaced and the clauses that replace them, so a
    note names "年内完成投资290亿元 → 年内完成投资260亿元" rather than two whole paragraphs."""
    old_clauses = _CLAUSE_RE.findall(old)
    new_clauses = _CLAUSE_RE.findall(new)
    gone = [c for c in old_clauses if c not in new_clauses]
    came = [c for c in new_clauses if c not in old_clauses]
    # A clause only added (or only dropped) has nothing on the other side.
    return ",".join(gone) or NOTHING_BEFORE, ",".join(came) or NOTHING_BEFORE


@dataclass(frozen=True)
class BaselineNote:
    """What an approved change did to a task's baseline, said the way every page says it."""

    task_id: int
    version: int
    approved_on: datetime.date | None
    lines: tuple[str, ...]

    def __str__(self) -> str:
        return ";".join(self.lines)


BASELINE_TARGET_NOTE = "目标经批准调整:原 {old} → {new}({on} 批准)"
BASELINE_WORDING_NOTE = "任务表述经批准调整:原 {old} → {new}({on} 批准)"
BASELINE_DEADLINE_NOTE = "完成时限经批准调整:原 {old} → {new}({on} 批准)"
_DIGIT_RE = re.compile(r"\d")


def _deadline_words(baseline: TaskBaseline) -> str:
    if baseline.deadline is not None:
        return f"{baseline.deadline:%Y-%m-%d}"
    return baseline.deadline_text or "年底"


def _note_for(original: TaskBaseline, current: TaskBaseline, on: str) -> tuple[str, ...]:
    lines = []
    if original.targets_text != current.targets_text:
        old, new = _changed_phrase(original.targets_text, current.targets_text)
        lines.append(BASELINE_TARGET_NOTE.format(old=old, new=new, on=on))
    if original.text != current.text:
        old, new = _changed_phrase(original.text, current.text)
        template = BASELINE_TARGET_NOTE if _DIGIT_RE.search(old + new) else BASELINE_WORDING_NOTE
        lines.append(template.format(old=old, new=new, on=on))
    if _deadline_words(original) != _deadline_words(current):
        lines.append(
            BASELINE_DEADLINE_NOTE.format(
                old=_deadline_words(original), new=_deadline_words(current), on=on
            )
        )
    return tuple(lines)


def baseline_notes(*, task_ids: Iterable[int]) -> dict[int, BaselineNote]:
    """For each task whose baseline an approved change request moved: the note comparing the
    original (version 1) with the current version. One query for any number of tasks."""
    by_task: dict[int, list[TaskBaseline]] = {}
    for baseline in TaskBaseline.objects.filter(task_id__in=list(task_ids)).order_by(
        "task_id", "version"
    ):
        by_task.setdefault(baseline.task_id, []).append(baseline)
    notes = {}
    for task_id, versions in by_task.items():
        approved = [b for b in versions if b.source == TaskBaseline.Source.CHANGE]
        if not approved:
            continue
        on = approved[-1].approved_on
        lines = _note_for(versions[0], versions[-1], on.isoformat() if on else "")
        if lines:
            notes[task_id] = BaselineNote(task_id, versions[-1].version, on, lines)
    return notes


def baseline_note(*, task: KeyTask) -> BaselineNote | None:
    return baseline_notes(task_ids=[task.pk]).get(task.pk)


def change_request_scope(*, user: Any) -> QuerySet[ChangeRequest]:
    """The change requests on tasks `user` may see."""
    return ChangeRequest.objects.filter(task__in=key_task_scope(user=user)).select_related(
        "task", "department", "requested_by", "checked_by", "decided_by"
    )


def change_request_get_for(*, user: Any, pk: int) -> ChangeRequest | None:
    return change_request_scope(user=user).prefetch_related("attachments").filter(pk=pk).first()


def task_events(*, task: KeyTask) -> QuerySet[AuditEvent]:
    """The audit trail of `task`: who changed what, when, why (newest first)."""
    return AuditEvent.objects.filter(target_type=task._meta.label, target_id=str(task.pk)).order_by(
        "-occurred_at", "-id"
    )
