"""The slip workflow: issue, sign, reply, close, escalate — each checked against the table.

Every service is keyword-only, takes `actor=`, runs in one transaction, locks the slip, checks
the transition table and the actor's capacity, records an audit event, and tells the addressed
departments' liaisons and heads (or the issuer) after the transaction commits.
"""

import datetime
from collections.abc import Iterable, Sequence
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from duban.accounts.models import DEPARTMENT_ROLES
from duban.core import evidence
from duban.core.audit import record_event
from duban.core.exceptions import DomainError
from duban.core.models import clean_own_fields
from duban.ledger.models import KeyTask, TaskResponsibility
from duban.notifications.channels import Message, deliver
from duban.orgs.models import Department
from duban.reporting.models import ReportingPeriod

from .. import workflow
from ..choices import SlipLevel, next_level
from ..models import SlipAttachment, SupervisionSlip
from ..permissions import can_issue_slip, slip_capacities
from .numbering import SLIP_SEQUENCE, next_number

# Messages shown to users (asserted in tests).
NOT_ALLOWED = "您不能对此督办单执行「{action}」(当前状态:{state})。"
ISSUE_NOT_ALLOWED = "只有督查室可以下发督办单。"
BAD_LEVEL = "督办等级「{level}」无效。"
REQUIREMENTS_REQUIRED = "请填写督办要求。"
DEADLINE_PAST = "办理时限不能早于今天。"
PERIOD_NOT_IN_PLAN = "该期次不属于此任务的年度计划。"
DEPARTMENTS_REQUIRED = "请至少选择一个承办单位。"
DEPARTMENT_NOT_RESPONSIBLE = "「{name}」不是该任务的责任单位。"
ALREADY_OPEN = "该任务已有未办结的督办单({number}),请办结或升级该督办单,不要重复下发。"
REPLY_REQUIRED = "请填写办理情况。"
TOP_LEVEL = "红色督办单已是最高等级,不能再升级。"
ESCALATE_REASON_REQUIRED = "督办单尚未超过办理时限,提前升级须说明理由。"

# Default reply time when the office sets none [A]: 15 calendar days from issue.
DEFAULT_REPLY_DAYS = 15
DEFAULT_REQUIREMENTS = (
    "请针对存在问题认真分析原因,制定整改措施,加快推进,并在办理时限内书面反馈办理情况。"
)

# --- Notifications ------------------------------------------------------------------------


def department_recipients(department_ids: Iterable[int]) -> QuerySet[Any]:
    """The active liaisons and heads of these units, and of the members of any group."""
    ids = set(department_ids)
    ids |= set(
        Department.members.through.objects.filter(from_department_id__in=ids).values_list(
            "to_department_id", flat=True
        )
    )
    return get_user_model().objects.filter(
        is_active=True, role__in=list(DEPARTMENT_ROLES), department_id__in=ids
    )


def _notify_departments(slip: SupervisionSlip, subject: str) -> None:
    department_ids = [d.pk for d in slip.departments.all()]
    message = Message(
        subject=f"{subject}:{slip.number_label}",
        body=f"{slip.task}\n办理时限:{slip.reply_deadline:%Y-%m-%d}",
        url=reverse("supervision:slip_detail", args=[slip.pk]),
    )
    transaction.on_commit(lambda: deliver(department_recipients(department_ids), message))


def _notify_issuer(slip: SupervisionSlip, subject: str) -> None:
    if slip.issued_by is None:
        return
    issuer = slip.issued_by
    message = Message(
        subject=f"{subject}:{slip.number_label}",
        body=str(slip.task),
        url=reverse("supervision:slip_detail", args=[slip.pk]),
    )
    transaction.on_commit(lambda: deliver([issuer], message))


# --- Slips --------------------------------------------------------------------------------


def _facts(slip: SupervisionSlip) -> dict[str, Any]:
    return {
        "number": slip.number_label,
        "level": slip.level,
        "state": slip.state,
        "task": slip.task_id,
        "period": slip.period_id,
        "departments": sorted(d.name for d in slip.departments.all()),
        "reply_deadline": slip.reply_deadline.isoformat(),
    }


def _responsible_departments(task: KeyTask) -> list[Department]:
    return [
        r.department
        for r in TaskResponsibility.objects.filter(task=task)
        .select_related("department")
        .order_by("position")
    ]


def _check_departments(task: KeyTask, departments: Sequence[Department] | None) -> list[Department]:
    """The addressed units: the task's lead by default, else a subset of its units."""
    responsible = _responsible_departments(task)
    if departments is None:
        chosen = responsible[:1]
    else:
        allowed = {d.pk for d in responsible}
        for department in departments:
            if department.pk not in allowed:
                raise DomainError(DEPARTMENT_NOT_RESPONSIBLE.format(name=department.name))
        chosen = list(departments)
    if not chosen:
        raise DomainError(DEPARTMENTS_REQUIRED)
    return chosen


def _create_slip(
    *,
    task: KeyTask,
    period: ReportingPeriod | None,
    level: str,
    requirements: str,
    reply_deadline: datetime.date | None,
    departments: Sequence[Department] | None,
    actor: Any,
) -> SupervisionSlip:
    if level not in SlipLevel.values:
        raise DomainError(BAD_LEVEL.format(level=level))
    requirements = requirements.strip()
    if not requirements:
        raise DomainError(REQUIREMENTS_REQUIRED)
    if period is not None and period.plan_id != task.plan_id:
        raise DomainError(PERIOD_NOT_IN_PLAN)
    today = timezone.localdate()
    deadline = reply_deadline or today + datetime.timedelta(days=DEFAULT_REPLY_DAYS)
    if deadline < today:
        raise DomainError(DEADLINE_PAST)
    chosen = _check_departments(task, departments)
    year = task.plan.year
    slip = SupervisionSlip(
        plan_id=task.plan_id,
        period=period,
        task=task,
        level=level,
        year=year,
        number=next_number(kind=SLIP_SEQUENCE, year=year),
        requirements=requirements,
        reply_deadline=deadline,
        state=workflow.ISSUED,
        issued_by=actor if getattr(actor, "is_authenticated", False) else None,
        issued_at=timezone.now(),
    )
    clean_own_fields(slip)
    slip.save()
    slip.departments.set(chosen)
    return slip


def open_slip_of(task: KeyTask) -> SupervisionSlip | None:
    """The task's slip that is neither closed nor escalated (一事一单: at most one)."""
    return (
        SupervisionSlip.objects.filter(task=task)
        .exclude(state__in=workflow.FINAL_STATES)
        .order_by("-issued_at")
        .first()
    )


@transaction.atomic
def slip_issue(
    *,
    task: KeyTask,
    level: str,
    requirements: str,
    actor: Any,
    period: ReportingPeriod | None = None,
    reply_deadline: datetime.date | None = None,
    departments: Sequence[Department] | None = None,
) -> SupervisionSlip:
    """Issue a slip about `task` (default: to its lead, due in `DEFAULT_REPLY_DAYS` days).

    The office may start at any level (urgent matters start at 黄 or 红). One matter, one
    slip: a task with a slip still open gets no second one — that slip is escalated instead.
    Numbered per plan year (督办〔2021〕第N号).
    """
    if not can_issue_slip(actor):
        raise PermissionDenied(ISSUE_NOT_ALLOWED)
    KeyTask.objects.select_for_update().filter(pk=task.pk).first()  # one issuer per task
    existing = open_slip_of(task)
    if existing is not None:
        raise DomainError(ALREADY_OPEN.format(number=existing.number_label))
    slip = _create_slip(
        task=task,
        period=period,
        level=level,
        requirements=requirements,
        reply_deadline=reply_deadline,
        departments=departments,
        actor=actor,
    )
    record_event(actor=actor, verb="supervision.slip_issue", target=slip, after=_facts(slip))
    _notify_departments(slip, "新督办单")
    return slip


def _locked(slip: SupervisionSlip) -> SupervisionSlip:
    # Row lock (a no-op on SQLite, which serialises writers anyway): two people acting on
    # one slip at once act one after the other, and the second sees the first one's state.
    return (
        SupervisionSlip.objects.select_for_update(of=("self",))
        .select_related("task", "plan", "period", "issued_by")
        .get(pk=slip.pk)
    )


def _check(slip: SupervisionSlip, action: str, actor: Any) -> workflow.Transition:
    transition = workflow.find_transition(slip.state, action)
    if transition is None or transition.actor not in slip_capacities(actor, slip):
        raise PermissionDenied(
            NOT_ALLOWED.format(
                action=workflow.ACTION_LABELS.get(action, action),
                state=slip.get_state_display(),
            )
        )
    return transition


@transaction.atomic
def slip_sign(*, slip: SupervisionSlip, actor: Any) -> SupervisionSlip:
    """An addressed department signs for the slip (签收); who and when are recorded."""
    slip = _locked(slip)
    transition = _check(slip, workflow.SIGN, actor)
    slip.state = transition.target
    slip.signed_by = actor
    slip.signed_at = timezone.now()
    slip.save(update_fields=["state", "signed_by", "signed_at"])
    record_event(
        actor=actor,
        verb="supervision.slip_sign",
        target=slip,
        before={"state": transition.source},
        after={"state": slip.state, "signed_at": slip.signed_at.isoformat()},
    )
    _notify_issuer(slip, "督办单已签收")
    return slip


@transaction.atomic
def slip_reply(
    *,
    slip: SupervisionSlip,
    reply: str,
    actor: Any,
    files: Sequence[tuple[str, bytes]] = (),
) -> SupervisionSlip:
    """An addressed department reports what it did (办理情况), with optional evidence files
    (pdf, docx, xlsx, jpg, png — judged by their bytes)."""
    slip = _locked(slip)
    transition = _check(slip, workflow.REPLY, actor)
    reply = reply.strip()
    if not reply:
        raise DomainError(REPLY_REQUIRED)
    checked = evidence.checked_files(files)
    slip.state = transition.target
    slip.reply = reply
    slip.replied_by = actor
    slip.reply_at = timezone.now()
    slip.save(update_fields=["state", "reply", "replied_by", "reply_at"])
    for file in checked:
        evidence.evidence_save(SlipAttachment(slip=slip), file, actor=actor)
    record_event(
        actor=actor,
        verb="supervision.slip_reply",
        target=slip,
        before={"state": transition.source},
        after={"state": slip.state, "reply": reply, "files": [file.name for file in checked]},
    )
    _notify_issuer(slip, "督办单已回复")
    return slip


@transaction.atomic
def slip_close(*, slip: SupervisionSlip, actor: Any, note: str = "") -> SupervisionSlip:
    """The office accepts the reply and closes the slip (办结销号)."""
    slip = _locked(slip)
    transition = _check(slip, workflow.CLOSE, actor)
    slip.state = transition.target
    slip.closed_by = actor
    slip.closed_at = timezone.now()
    slip.close_note = note.strip()
    slip.save(update_fields=["state", "closed_by", "closed_at", "close_note"])
    record_event(
        actor=actor,
        verb="supervision.slip_close",
        target=slip,
        before={"state": transition.source},
        after={"state": slip.state},
        reason=slip.close_note,
    )
    _notify_departments(slip, "督办单已办结")
    return slip


@transaction.atomic
def slip_escalate(
    *,
    slip: SupervisionSlip,
    actor: Any,
    requirements: str = "",
    reply_deadline: datetime.date | None = None,
    reason: str = "",
    period: ReportingPeriod | None = None,
) -> SupervisionSlip:
    """Replace `slip` by a new slip one level up (蓝 → 黄 → 红), linked from it.

    Normally after the reply deadline passed without a reply; before that, only with a
    reason (an urgent matter, a proposal after two lagging periods). The new slip keeps the
    task and departments; its period is `period` or the old slip's.
    """
    slip = _locked(slip)
    transition = _check(slip, workflow.ESCALATE, actor)
    level = next_level(slip.level)
    if level is None:
        raise DomainError(TOP_LEVEL)
    reason = reason.strip()
    if not slip.is_overdue(timezone.localdate()) and not reason:
        raise DomainError(ESCALATE_REASON_REQUIRED)
    slip.state = transition.target
    slip.save(update_fields=["state"])
    new = _create_slip(
        task=slip.task,
        period=period or slip.period,
        level=level,
        requirements=requirements or slip.requirements,
        reply_deadline=reply_deadline,
        departments=list(slip.departments.all()),
        actor=actor,
    )
    slip.escalated_to = new
    slip.save(update_fields=["escalated_to"])
    record_event(
        actor=actor,
        verb="supervision.slip_escalate",
        target=slip,
        before={"state": transition.source, "level": slip.level},
        after={"state": slip.state, "escalated_to": new.number_label, "level": level},
        reason=reason,
    )
    record_event(
        actor=actor,
        verb="supervision.slip_issue",
        target=new,
        after={**_facts(new), "escalated_from": slip.number_label},
        reason=reason,
    )
    _notify_departments(new, "督办单升级")
    return new
