"""Writes to the task ledger. Each records an audit event."""

import datetime
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from duban.core import evidence
from duban.core.audit import record_event
from duban.core.audit_verbs import AuditVerb
from duban.core.exceptions import DomainError
from duban.core.models import clean_own_fields
from duban.exports.table import units_cell
from duban.orgs.models import Department

from . import workflow
from .models import (
    DEFAULT_TITLE,
    ChangeRequest,
    ChangeRequestAttachment,
    Indicator,
    KeyTask,
    Milestone,
    Plan,
    TaskBaseline,
    TaskResponsibility,
)
from .permissions import change_capacities, is_lead_department

# Messages the office and departments read; tests assert them.
CHANGE_TOO_LATE = "任务「{task}」的完成期限({deadline})已过,不能再申请调整或延期,请与督查室联系。"
CHANGE_NOT_LEAD = "只有任务「{task}」的牵头单位可以申请调整或延期。"
CHANGE_NOTHING = "调整申请与任务「{task}」的现行目标、时限和表述相同,没有要调整的内容。"
CHANGE_OPEN_EXISTS = "任务「{task}」已有一份调整申请尚在办理,请等它办结后再申请。"
CHANGE_NOT_ALLOWED = "调整申请当前为「{state}」,您不能对它执行「{action}」。"
CHANGE_NOTE_REQUIRED = "「{action}」需要填写意见。"
CHANGE_REASON_REQUIRED = "请填写申请理由。"
CHANGE_EVIDENCE_REQUIRED = "请上传佐证材料(如项目批复、政策调整文件)。"
TASK_NOT_ACTIVE = "任务「{task}」{state},不能再修改。"
CORRECTION_REASON_REQUIRED = "修改任务「{task}」的表述、目标或时限需要填写理由。"
SPLIT_NEEDS_PARTS = "拆分任务「{task}」至少需要两个子项。"
MERGE_SELF = "不能把任务「{task}」并入它自己。"
MERGE_OTHER_PLAN = "只能并入同一年度台账的任务。"
RETIRE_REASON_REQUIRED = "撤销任务「{task}」需要填写理由。"
MILESTONE_WHEN = "形象进度节点需要季度(1-4)或月份(1-12),或节点日期。"


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
    elif _keeps_its_baseline(task, text, details):
        # A table printed before an approved change still states the original wording;
        # the approved baseline stands (see docs/decisions/0020).
        text = task.text
        details = {k: v for k, v in (details or {}).items() if k not in _BASELINE_DETAILS}
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
    if before is None:
        _baseline_add(task=task, source=TaskBaseline.Source.ORIGINAL)
    else:
        # A re-import that corrects the printed wording still describes the original task.
        TaskBaseline.objects.filter(task=task, version=1).exclude(
            task__baselines__version__gt=1
        ).update(text=task.text, targets_text=task.targets_text, deadline_text=task.deadline_text)
    if before != after:
        verb = AuditVerb.TASK_CREATE if before is None else AuditVerb.TASK_UPDATE
        record_event(actor=actor, verb=verb, target=task, before=before, after=after)
    return task


_BASELINE_DETAILS = frozenset({"targets_text", "deadline_text"})


def _keeps_its_baseline(task: KeyTask, text: str, details: dict[str, Any] | None) -> bool:
    changes = text != task.text or any(
        getattr(task, name) != value
        for name, value in (details or {}).items()
        if name in _BASELINE_DETAILS
    )
    return changes and task.baselines.filter(version__gt=1).exists()


def _label(task: KeyTask) -> str:
    return task.seq or f"{task.parent.seq if task.parent else ''}(子项)"


def _baseline_add(
    *,
    task: KeyTask,
    source: str,
    reason: str = "",
    change_request: ChangeRequest | None = None,
    approved_by: Any = None,
    approved_on: datetime.date | None = None,
) -> TaskBaseline:
    latest = task.baselines.aggregate(v=Max("version"))["v"] or 0
    baseline = TaskBaseline(
        task=task,
        version=latest + 1,
        source=source,
        text=task.text,
        targets_text=task.targets_text,
        deadline_text=task.deadline_text,
        deadline=task.deadline,
        reason=reason,
        change_request=change_request,
        approved_by=approved_by,
        approved_on=approved_on,
    )
    clean_own_fields(baseline)
    baseline.save()
    return baseline


def _baseline_facts(task: KeyTask) -> dict[str, Any]:
    return {
        "text": task.text,
        "targets_text": task.targets_text,
        "deadline_text": task.deadline_text,
        "deadline": task.deadline.isoformat() if task.deadline else None,
    }


def _require_active(task: KeyTask) -> None:
    if not task.is_active:
        raise DomainError(TASK_NOT_ACTIVE.format(task=_label(task), state=task.get_state_display()))


def _shift_after(plan: Plan, position: int, by: int) -> None:
    """Make room for `by` rows right after `position` (positions are unique per plan)."""
    for task in KeyTask.objects.filter(plan=plan, position__gt=position).order_by("-position"):
        KeyTask.objects.filter(pk=task.pk).update(position=task.position + by)


def _next_seq(plan: Plan) -> str:
    numbers = [
        int(s) for s in plan.tasks.exclude(seq="").values_list("seq", flat=True) if s.isdigit()
    ]
    return str(max(numbers, default=0) + 1)


@transaction.atomic
def key_task_create(
    *,
    plan: Plan,
    text: str,
    departments: list[Department],
    targets_text: str = "",
    deadline: datetime.date | None = None,
    deadline_text: str = "",
    leader: str = "",
    actor: Any,
) -> KeyTask:
    """A new numbered task at the end of the plan, created in the application (version 1)."""
    if not departments:
        raise DomainError("至少需要一个牵头单位。")
    position = (plan.tasks.aggregate(p=Max("position"))["p"] or 0) + 1
    names = [unit.name for unit in departments]
    task = key_task_save(
        plan=plan,
        task=None,
        seq=_next_seq(plan),
        position=position,
        text=text,
        parent=None,
        responsible_text=units_cell(names),
        departments=[(unit, unit.name) for unit in departments],
        leader=leader,
        details={"targets_text": targets_text, "deadline_text": deadline_text},
        actor=actor,
    )
    if deadline is not None:
        task.deadline = deadline
        task.save(update_fields=["deadline"])
        task.baselines.filter(version=1).update(deadline=deadline)
    return task


@transaction.atomic
def key_task_edit(
    *,
    task: KeyTask,
    text: str,
    targets_text: str,
    deadline: datetime.date | None,
    deadline_text: str,
    leader: str,
    remarks: str,
    reason: str = "",
    actor: Any,
) -> KeyTask:
    """The office edits a task. A changed wording, target or deadline is a new baseline
    version (督查室更正) and needs a reason; the earlier versions stay."""
    task = KeyTask.objects.select_for_update().get(pk=task.pk)
    _require_active(task)
    before = {**_baseline_facts(task), "leader": task.leader, "remarks": task.remarks}
    baseline_before = _baseline_facts(task)
    task.text, task.targets_text, task.deadline_text = text, targets_text, deadline_text
    task.deadline, task.leader, task.remarks = deadline, leader, remarks
    after = {**_baseline_facts(task), "leader": task.leader, "remarks": task.remarks}
    if before == after:
        return task
    rebased = baseline_before != _baseline_facts(task)
    if rebased and not reason.strip():
        raise DomainError(CORRECTION_REASON_REQUIRED.format(task=_label(task)))
    clean_own_fields(task)
    task.save()
    if rebased:
        baseline = _baseline_add(
            task=task, source=TaskBaseline.Source.CORRECTION, reason=reason.strip()
        )
        record_event(
            actor=actor,
            verb=AuditVerb.BASELINE_CORRECT,
            target=task,
            before=baseline_before,
            after={**_baseline_facts(task), "version": baseline.version},
            reason=reason.strip(),
        )
    record_event(
        actor=actor,
        verb=AuditVerb.TASK_UPDATE,
        target=task,
        before=before,
        after=after,
        reason=reason.strip(),
    )
    return task


@transaction.atomic
def key_task_split(*, task: KeyTask, parts: list[str], actor: Any) -> list[KeyTask]:
    """Split a task into sub-items (子项) placed right under it; each keeps its units."""
    task = KeyTask.objects.select_for_update().get(pk=task.pk)
    _require_active(task)
    parts = [part.strip() for part in parts if part.strip()]
    if len(parts) < 2:
        raise DomainError(SPLIT_NEEDS_PARTS.format(task=_label(task)))
    last = task.subtasks.aggregate(p=Max("position"))["p"] or task.position
    _shift_after(task.plan, last, len(parts))
    units = [(r.department, r.printed_name) for r in task.responsibilities.all()]
    created = [
        key_task_save(
            plan=task.plan,
            task=None,
            seq="",
            position=last + index,
            text=part,
            parent=task,
            responsible_text=task.responsible_text,
            departments=units,
            leader=task.leader,
            details={"deadline_text": task.deadline_text},
            actor=actor,
        )
        for index, part in enumerate(parts, start=1)
    ]
    record_event(
        actor=actor,
        verb=AuditVerb.TASK_SPLIT,
        target=task,
        after={"parts": parts, "subtasks": [t.pk for t in created]},
    )
    return created


@transaction.atomic
def key_task_merge(*, task: KeyTask, into: KeyTask, reason: str, actor: Any) -> KeyTask:
    """Merge `task` into `into`: `task` becomes 已合并 (its reports and history stay) and its
    units join `into` as co-units."""
    task = KeyTask.objects.select_for_update().get(pk=task.pk)
    _require_active(task)
    _require_active(into)
    if task.pk == into.pk:
        raise DomainError(MERGE_SELF.format(task=_label(task)))
    if task.plan_id != into.plan_id:
        raise DomainError(MERGE_OTHER_PLAN)
    if not reason.strip():
        raise DomainError(RETIRE_REASON_REQUIRED.format(task=_label(task)))
    present = list(into.responsibilities.select_related("department").order_by("position"))
    known = {r.department_id for r in present}
    added = [r.department for r in task.responsibilities.all() if r.department_id not in known]
    if added:
        key_task_units_set(
            task=into, departments=[r.department for r in present] + added, actor=actor
        )
    task.state, task.merged_into, task.retired_reason = KeyTask.State.MERGED, into, reason.strip()
    clean_own_fields(task)
    task.save(update_fields=["state", "merged_into", "retired_reason"])
    record_event(
        actor=actor,
        verb=AuditVerb.TASK_MERGE,
        target=task,
        after={"into": into.pk, "into_seq": into.seq, "units_added": [u.name for u in added]},
        reason=reason.strip(),
    )
    return task


@transaction.atomic
def key_task_retire(*, task: KeyTask, reason: str, actor: Any) -> KeyTask:
    """Retire a task (撤销): a state, not a delete; it gets no new period reports."""
    task = KeyTask.objects.select_for_update().get(pk=task.pk)
    _require_active(task)
    if not reason.strip():
        raise DomainError(RETIRE_REASON_REQUIRED.format(task=_label(task)))
    task.state, task.retired_reason = KeyTask.State.RETIRED, reason.strip()
    task.save(update_fields=["state", "retired_reason"])
    record_event(
        actor=actor,
        verb=AuditVerb.TASK_RETIRE,
        target=task,
        before={"state": KeyTask.State.ACTIVE},
        after={"state": task.state},
        reason=reason.strip(),
    )
    return task


@transaction.atomic
def milestone_add(
    *,
    task: KeyTask,
    text: str,
    quarter: int | None = None,
    month: int | None = None,
    due: datetime.date | None = None,
    actor: Any,
) -> Milestone:
    """A step of the task's 季度形象进度."""
    _require_active(task)
    if not (quarter or month or due):
        raise DomainError(MILESTONE_WHEN)
    milestone = Milestone(task=task, quarter=quarter, month=month, text=text.strip(), due=due)
    try:
        milestone.full_clean(exclude=["task"])
    except Exception as error:
        raise DomainError(MILESTONE_WHEN) from error
    milestone.save()
    record_event(
        actor=actor,
        verb=AuditVerb.MILESTONE_ADD,
        target=task,
        after={
            "milestone": milestone.pk,
            "when": milestone.when,
            "due": due.isoformat() if due else None,
            "text": milestone.text,
        },
    )
    return milestone


@transaction.atomic
def milestone_delete(*, milestone: Milestone, actor: Any) -> None:
    task = milestone.task
    before = {"milestone": milestone.pk, "when": milestone.when, "text": milestone.text}
    milestone.delete()
    record_event(actor=actor, verb=AuditVerb.MILESTONE_DELETE, target=task, before=before)


# --- change requests (调整 / 延期申请) ---------------------------------------------------


def effective_deadline(task: KeyTask) -> datetime.date:
    """The task's deadline; a task without a dated one runs to the end of its year."""
    return task.deadline or datetime.date(task.plan.year, 12, 31)


@dataclass(frozen=True)
class ChangeAsked:
    """What a lead department asks to change: the baseline as it would read."""

    text: str
    targets_text: str
    deadline: datetime.date | None
    deadline_text: str
    reason: str


@transaction.atomic
def change_request_create(
    *,
    task: KeyTask,
    asked: ChangeAsked,
    evidence_files: list[tuple[str, bytes]],
    actor: Any,
    today: datetime.date | None = None,
) -> ChangeRequest:
    """The lead department asks to change the task's target, deadline or wording, with a
    reason and evidence, before the deadline passes."""
    task = KeyTask.objects.select_for_update().select_related("plan").get(pk=task.pk)
    _require_active(task)
    if not is_lead_department(actor, task):
        raise DomainError(CHANGE_NOT_LEAD.format(task=_label(task)))
    today = today or timezone.localdate()
    deadline = effective_deadline(task)
    if not workflow.may_request(deadline, today):
        raise DomainError(CHANGE_TOO_LATE.format(task=_label(task), deadline=deadline.isoformat()))
    if task.change_requests.filter(state__in=workflow.OPEN_STATES).exists():
        raise DomainError(CHANGE_OPEN_EXISTS.format(task=_label(task)))
    if not asked.reason.strip():
        raise DomainError(CHANGE_REASON_REQUIRED)
    if not evidence_files:
        raise DomainError(CHANGE_EVIDENCE_REQUIRED)
    current = (task.text, task.targets_text, task.deadline, task.deadline_text)
    wanted = (
        asked.text.strip(),
        asked.targets_text.strip(),
        asked.deadline,
        asked.deadline_text.strip(),
    )
    if current == wanted:
        raise DomainError(CHANGE_NOTHING.format(task=_label(task)))
    only_later = wanted[:2] == current[:2] and (asked.deadline or deadline) > deadline
    version = task.baselines.aggregate(v=Max("version"))["v"] or 1
    checked = evidence.checked_files(evidence_files)  # all files pass before anything is kept
    request = ChangeRequest(
        task=task,
        kind=ChangeRequest.Kind.EXTEND if only_later else ChangeRequest.Kind.ADJUST,
        department=actor.department,
        from_version=version,
        text=wanted[0],
        targets_text=wanted[1],
        deadline=wanted[2],
        deadline_text=wanted[3],
        reason=asked.reason.strip(),
        requested_by=actor,
    )
    clean_own_fields(request)
    request.save()
    for file in checked:
        evidence.evidence_save(ChangeRequestAttachment(change_request=request), file, actor=actor)
    record_event(
        actor=actor,
        verb=AuditVerb.CHANGE_REQUEST,
        target=task,
        before=_baseline_facts(task),
        after={
            "change_request": request.pk,
            "kind": request.kind,
            "text": request.text,
            "targets_text": request.targets_text,
            "deadline": request.deadline.isoformat() if request.deadline else None,
            "deadline_text": request.deadline_text,
            "evidence": [name for name, _ in evidence_files],
        },
        reason=request.reason,
    )
    return request


_CHANGE_VERBS = {
    workflow.CHECK: AuditVerb.CHANGE_CHECK,
    workflow.APPROVE: AuditVerb.CHANGE_APPROVE,
    workflow.REJECT: AuditVerb.CHANGE_REJECT,
    workflow.WITHDRAW: AuditVerb.CHANGE_WITHDRAW,
}
# A leader's decision always carries a note; so does the office's refusal.
_NOTE_REQUIRED = frozenset({workflow.APPROVE, workflow.REJECT})


@transaction.atomic
def change_request_act(
    *, change_request: ChangeRequest, action: str, note: str = "", actor: Any
) -> ChangeRequest:
    """One step of the change request's table; approval makes the asked-for baseline the
    task's next version (the original stays)."""
    request = (
        ChangeRequest.objects.select_for_update()
        .select_related("task", "task__plan")
        .get(pk=change_request.pk)
    )
    task = request.task
    label = workflow.ACTION_LABELS.get(action, action)
    transition = workflow.find_transition(request.state, action, change_capacities(actor, task))
    if transition is None:
        raise DomainError(
            CHANGE_NOT_ALLOWED.format(state=request.get_state_display(), action=label)
        )
    if action in _NOTE_REQUIRED and not note.strip():
        raise DomainError(CHANGE_NOTE_REQUIRED.format(action=label))
    before_state = request.state
    request.state = transition.target
    if action == workflow.CHECK or (
        action == workflow.REJECT and transition.actor == workflow.OFFICE
    ):
        request.checked_by, request.check_note = actor, note.strip()
    if transition.actor == workflow.LEADER:
        request.decided_by, request.decision_note = actor, note.strip()
        request.decided_at = timezone.now()
    clean_own_fields(request)
    request.save()
    after: dict[str, Any] = {"change_request": request.pk, "state": request.state}
    if action == workflow.APPROVE:
        after.update(_approve(request, actor))
    record_event(
        actor=actor,
        verb=_CHANGE_VERBS[action],
        target=task,
        before={"change_request": request.pk, "state": before_state},
        after=after,
        reason=note.strip(),
    )
    return request


def _approve(request: ChangeRequest, actor: Any) -> dict[str, Any]:
    task = KeyTask.objects.select_for_update().get(pk=request.task_id)
    old_text = task.text
    task.text, task.targets_text = request.text, request.targets_text
    task.deadline_text = request.deadline_text
    task.deadline = request.deadline
    clean_own_fields(task)
    task.save()
    baseline = _baseline_add(
        task=task,
        source=TaskBaseline.Source.CHANGE,
        reason=request.reason,
        change_request=request,
        approved_by=actor,
        approved_on=timezone.localdate(),
    )
    # A confirmed target read from wording that is no longer there would keep judging the
    # task against the old figure; the extractor reads the new wording instead.
    stale = [
        i
        for i in Indicator.objects.filter(task=task)
        if i.source_text and i.source_text in old_text and i.source_text not in task.text
    ]
    Indicator.objects.filter(pk__in=[i.pk for i in stale]).delete()
    return {
        "version": baseline.version,
        **_baseline_facts(task),
        "indicators_dropped": [str(i) for i in stale],
    }


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
