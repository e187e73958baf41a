"""Writing a checked progress table: plan, tasks, period, reports and statuses at once."""

import datetime
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from duban.core.audit import record_event
from duban.core.exceptions import DomainError
from duban.core.models import clean_own_fields
from duban.core.status import get_profile
from duban.ledger.models import KeyTask, Plan
from duban.ledger.services import key_task_positions_shift, key_task_save, plan_get_or_create
from duban.orgs import naming
from duban.orgs.models import Department, DepartmentKind
from duban.orgs.selectors import DepartmentDirectory, government_get
from duban.orgs.services import (
    department_alias_add,
    department_create,
    government_get_or_create,
    group_members_set,
)

from ..choices import ReportState
from ..models import ProgressReport, ReportingPeriod
from ..services.decisions import status_decision_set
from ..services.periods import (
    IMPORT_INTO_CLOSED_PERIOD,
    period_closed_to_imports,
    period_get_or_create,
    period_hold,
)
from .decisions import MAP, DepartmentDecision
from .matching import (
    CONFLICTS_UNDECIDED,
    MOVED_ASIDE_SEQ,
    NEW,
    ROW_CONFLICT,
    SKIP,
    UPDATE,
    same_task,
)
from .preview import TablePreview, names_needing_decision
from .rows import RowDraft

IMPORT_HAS_PROBLEMS = "导入文件有{count}处问题,未写入任何数据。"
UNDECIDED_DEPARTMENTS = "以下单位不在组织机构中,请逐一确认新建或对应到已有单位:{names}"
UNKNOWN_MAPPING_TARGET = "「{name}」要对应的单位不存在。"
STATUS_NOT_IN_PLAN = "{where}:进展状态「{label}」不在本计划的状态词表中。"
# Positions are unique per plan: rows move out of the way before they take their new places.
POSITION_SHIFT = 100000


def imported_report_save(
    *,
    task: KeyTask,
    period: ReportingPeriod,
    department: Department,
    progress: str,
    problems: str = "",
    next_steps: str = "",
    actor: Any,
) -> ProgressReport:
    """Record a task's progress as an imported table printed it (created on first use).

    An imported table is a record of what was reviewed and published, so its reports are
    approved; a changed text bumps the version so an editor holding the old one is refused.
    """
    report = ProgressReport.objects.filter(task=task, period=period).first()
    before = (
        {
            "progress": report.progress,
            "problems": report.problems,
            "next_steps": report.next_steps,
            "department": report.department.name,
        }
        if report
        else None
    )
    if report is None:
        report = ProgressReport(task=task, period=period, department=department, version=0)
    report.department, report.progress = department, progress
    report.problems, report.next_steps = problems, next_steps
    after = {
        "progress": progress,
        "problems": problems,
        "next_steps": next_steps,
        "department": department.name,
    }
    if before != after:
        report.state = ReportState.APPROVED
        report.version += 1
        clean_own_fields(report)
        report.save()
        verb = "reporting.report_create" if before is None else "reporting.report_update"
        record_event(actor=actor, verb=verb, target=report, before=before, after=after)
    return report


@dataclass
class TableApplyResult:
    plan: Plan
    period: ReportingPeriod | None  # None for a start-of-year task list (no progress yet)
    created_departments: list[str] = field(default_factory=list)
    aliased_departments: list[str] = field(default_factory=list)
    tasks_created: int = 0
    tasks_updated: int = 0
    tasks_skipped: int = 0


@transaction.atomic
def progress_table_apply(
    *,
    preview: TablePreview,
    government_name: str,
    year: int,
    period_label: str,
    as_of: datetime.date,
    decisions: dict[str, DepartmentDecision] | None = None,
    title: str = "",
    status_profile: str = "jiaxing",
    on_conflict: Mapping[str, str] | str | None = None,
    actor: Any,
    on_progress: Callable[[int, int], None] | None = None,
) -> TableApplyResult:
    """Write a checked table into the ledger: plan, tasks, period, reports, statuses.

    All or nothing: refuses while the preview has problems, or while a name outside the
    organization tree has no decision. The first import of a government with no units yet
    founds its tree from the table's names (the summary lists them for review).
    """
    if not preview.is_valid:
        raise DomainError(
            IMPORT_HAS_PROBLEMS.format(count=len(preview.problems)), {"problems": preview.problems}
        )
    government = government_get_or_create(name=government_name, actor=actor)
    directory = DepartmentDirectory.for_government(government)
    founding = directory.is_empty
    decisions = decisions or {}
    pending = names_needing_decision(preview, directory, decisions)
    if pending:
        raise DomainError(
            UNDECIDED_DEPARTMENTS.format(names="、".join(pending)), {"undecided": pending}
        )
    plan, _ = plan_get_or_create(
        government=government, year=year, title=title, status_profile=status_profile, actor=actor
    )
    _check_statuses_fit_the_plan(preview.drafts, plan)
    period = None
    if preview.has_progress:
        period, _ = period_get_or_create(plan=plan, label=period_label, as_of=as_of, actor=actor)
        if period_closed_to_imports(period_hold(period_id=period.pk)):  # closed means closed
            raise DomainError(IMPORT_INTO_CLOSED_PERIOD.format(label=period.label))
    result = TableApplyResult(plan=plan, period=period)
    _settle_new_departments(
        government=government,
        directory=directory,
        names=preview.new_departments,
        decisions=decisions,
        founding=founding,
        result=result,
        actor=actor,
    )
    _write_rows(
        drafts=preview.drafts,
        directory=directory,
        result=result,
        on_conflict=on_conflict,
        actor=actor,
        on_progress=on_progress,
    )
    record_event(
        actor=actor,
        verb="reporting.table_import",
        target=result.period or result.plan,
        after={
            "rows": len(preview.drafts),
            "created_departments": result.created_departments,
            "tasks_created": result.tasks_created,
            "tasks_updated": result.tasks_updated,
        },
    )
    return result


def _check_statuses_fit_the_plan(drafts: list[RowDraft], plan: Plan) -> None:
    """An existing plan may speak another status vocabulary than the one the file was read with."""
    profile = get_profile(plan.status_profile)
    for draft in drafts:
        if draft.status and not profile.label_for(draft.status):
            raise DomainError(
                STATUS_NOT_IN_PLAN.format(where=draft.where, label=draft.status_label)
            )


def _write_rows(
    *,
    drafts: list[RowDraft],
    directory: DepartmentDirectory,
    result: TableApplyResult,
    on_conflict: Mapping[str, str] | str | None,
    actor: Any,
    on_progress: Callable[[int, int], None] | None,
) -> None:
    """Each row becomes a task (updated in place when 序号 and text agree), a report, a status.

    A row whose 序号 matches a task whose text differs is a conflict: `on_conflict` (one
    action for all, or 序号 → action) says update or skip; undecided conflicts refuse it all.
    """
    plan, period = result.plan, result.period
    existing = _existing_tasks(plan)
    skipped = _conflicts_settled(drafts, existing, on_conflict, actor)
    key_task_positions_shift(plan=plan, offset=POSITION_SHIFT)
    parent: KeyTask | None = None
    subrow_index = 0
    total = len(drafts)
    for position, draft in enumerate(drafts, start=1):
        if draft.seq in skipped:
            existing.pop((draft.seq, 0), None)
            result.tasks_skipped += 1
            continue
        if draft.seq:
            key: tuple[str, int] = (draft.seq, 0)
            subrow_index = 0
        else:
            subrow_index += 1
            key = (parent.seq if parent else "", subrow_index)
        task = existing.pop(key, None)
        units = [(_resolved(directory, name), name) for name in draft.all_department_names]
        saved = key_task_save(
            plan=plan,
            task=task,
            seq=draft.seq,
            position=position,
            text=draft.task,
            parent=None if draft.seq else parent,
            responsible_text=draft.departments_text,
            departments=units,
            leader=draft.leader[:50],
            details={
                "deadline_text": draft.deadline[:200],
                "targets_text": draft.targets,
                "remarks": draft.remarks,
                "extra": draft.extra,
            },
            actor=actor,
        )
        if task is None:
            result.tasks_created += 1
        else:
            result.tasks_updated += 1
        if draft.seq:
            parent = saved
        if period is not None:
            imported_report_save(
                task=saved,
                period=period,
                department=units[0][0],
                progress=draft.progress,
                problems=draft.problems,
                next_steps=draft.next_steps,
                actor=actor,
            )
            status_decision_set(
                task=saved,
                period=period,
                status=draft.status,
                printed_label=draft.printed_status,
                actor=actor,
            )
        if on_progress is not None:
            on_progress(position, total)
    # Tasks of the plan that this table does not list keep their place after its rows.
    for offset, task in enumerate(sorted(existing.values(), key=lambda t: t.position), start=1):
        KeyTask.objects.filter(pk=task.pk).update(position=total + offset)


def row_conflicts(drafts: list[RowDraft], existing: dict[tuple[str, int], KeyTask]) -> list[str]:
    """One message per row whose 序号 matches an existing task whose text differs."""
    messages = []
    for draft in drafts:
        task = existing.get((draft.seq, 0)) if draft.seq else None
        if task is not None and not same_task(task.text, draft.task):
            messages.append(
                ROW_CONFLICT.format(where=draft.where, seq=draft.seq, existing=task.text[:30])
            )
    return messages


def _conflicts_settled(
    drafts: list[RowDraft],
    existing: dict[tuple[str, int], KeyTask],
    on_conflict: Mapping[str, str] | str | None,
    actor: Any,
) -> set[str]:
    """The 序号 of conflicting rows to skip; raises while a conflict is undecided. A row to
    import as a new task takes the 序号 from the existing task (moved aside: `MOVED_ASIDE_SEQ`)."""
    skipped: set[str] = set()
    moved: list[KeyTask] = []
    undecided: list[RowDraft] = []
    for draft in drafts:
        task = existing.get((draft.seq, 0)) if draft.seq else None
        if task is None or same_task(task.text, draft.task):
            continue
        action = on_conflict if isinstance(on_conflict, str) else (on_conflict or {}).get(draft.seq)
        if action == SKIP:
            skipped.add(draft.seq)
        elif action == NEW:
            moved.append(existing.pop((draft.seq, 0)))
        elif action != UPDATE:
            undecided.append(draft)
    if undecided:
        messages = row_conflicts(undecided, existing)
        raise DomainError(
            CONFLICTS_UNDECIDED.format(
                count=len(undecided), rows="、".join(f"序号{d.seq}" for d in undecided)
            ),
            {"problems": messages, "conflicts": [d.seq for d in undecided]},
        )
    for task in moved:
        before = {"seq": task.seq}
        task.seq = MOVED_ASIDE_SEQ.format(seq=task.seq)[: KeyTask._meta.get_field("seq").max_length]
        task.save(update_fields=["seq"])
        existing[(task.seq, 0)] = task  # listed by no row: keeps its place after the rows
        record_event(
            actor=actor,
            verb="ledger.task_update",
            target=task,
            before=before,
            after={"seq": task.seq},
        )
    return skipped


ROW_NEW, ROW_UPDATED, ROW_CONFLICTING = "new", "updated", "conflict"


def rows_against_plan(
    *, government_name: str, year: int, drafts: list[RowDraft]
) -> tuple[list[str], list[dict[str, str]]]:
    """What importing each row would do to the plan as it stands (new task, update of the task
    with its 序号 and text, or conflict), and each conflict for the office to decide."""
    government = government_get(name=government_name)
    plan = Plan.objects.filter(government=government, year=year).first() if government else None
    existing = _existing_tasks(plan) if plan is not None else {}
    marks: list[str] = []
    conflicts: list[dict[str, str]] = []
    parent_seq = ""
    subrow_index = 0
    for draft in drafts:
        if draft.seq:
            key, parent_seq, subrow_index = (draft.seq, 0), draft.seq, 0
        else:
            subrow_index += 1
            key = (parent_seq, subrow_index)
        task = existing.get(key)
        if task is None:
            marks.append(ROW_NEW)
        elif not draft.seq or same_task(task.text, draft.task):
            marks.append(ROW_UPDATED)
        else:
            marks.append(ROW_CONFLICTING)
            conflicts.append(
                {"seq": draft.seq, "where": draft.where, "existing": task.text, "row": draft.task}
            )
    return marks, conflicts


def _existing_tasks(plan: Plan) -> dict[tuple[str, int], KeyTask]:
    """Tasks keyed by (序号, 0) or, for sub-items, (parent 序号, place among siblings)."""
    keyed: dict[tuple[str, int], KeyTask] = {}
    counters: dict[str, int] = {}
    for task in KeyTask.objects.filter(plan=plan).select_related("parent").order_by("position"):
        if task.seq:
            keyed[(task.seq, 0)] = task
        else:
            parent_seq = task.parent.seq if task.parent else ""
            counters[parent_seq] = counters.get(parent_seq, 0) + 1
            keyed[(parent_seq, counters[parent_seq])] = task
    return keyed


def _resolved(directory: DepartmentDirectory, name: str) -> Department:
    unit = directory.resolve(name)
    if unit is None:  # pragma: no cover - _settle_new_departments resolved every name
        raise DomainError(f"单位「{name}」未确认。")
    return unit


def _settle_new_departments(
    *,
    government: Department,
    directory: DepartmentDirectory,
    names: list[str],
    decisions: dict[str, DepartmentDecision],
    founding: bool,
    result: TableApplyResult,
    actor: Any,
) -> None:
    """Create or map every name not in the tree, as decided (or all, when founding a tree).

    Full names go first so that a short spelling (交通运输局) becomes an alias of the full
    one (市交通运输局) instead of a second unit.
    """
    created_groups: list[Department] = []
    for name in sorted(names, key=lambda n: (not n.startswith("市"), names.index(n))):
        known = directory.resolve(name)
        if known is not None:
            # A spelling of a unit created a moment ago in this same import.
            if known.name != name:
                department_alias_add(department=known, alias=name, actor=actor)
                result.aliased_departments.append(name)
            directory.by_name[name] = known
            continue
        decision = decisions.get(name)
        if decision is None and not founding:  # pragma: no cover - checked by the caller
            raise DomainError(UNDECIDED_DEPARTMENTS.format(names=name))
        if decision is not None and decision.action == MAP:
            directory.by_name[name] = _mapped(government, name, decision, actor)
            result.aliased_departments.append(name)
            continue
        unit = department_create(government=government, name=name, actor=actor)
        directory.by_name[name] = unit
        result.created_departments.append(name)
        if unit.kind == DepartmentKind.GROUP:
            created_groups.append(unit)
    _fill_county_groups(government, created_groups, actor)


def _mapped(
    government: Department, name: str, decision: DepartmentDecision, actor: Any
) -> Department:
    """The unit the office mapped `name` to, which now knows `name` as an alias."""
    target = Department.objects.filter(
        government=government, pk=decision.department_id or 0
    ).first()
    if target is None:
        raise DomainError(UNKNOWN_MAPPING_TARGET.format(name=name))
    department_alias_add(department=target, alias=name, actor=actor)
    return target


def _fill_county_groups(government: Department, groups: list[Department], actor: Any) -> None:
    """各县(市、区)政府 and the like stand for every county-level government."""
    counties = list(Department.objects.filter(government=government, kind=DepartmentKind.COUNTY))
    for group in groups:
        if naming.COUNTY_GROUP_RE.search(group.name):
            group_members_set(group=group, members=counties, actor=actor)
