"""Reads of slips, proposals and bulletins: counts for scoring, lists scoped by user."""

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Case, Count, Exists, Min, OuterRef, QuerySet, When
from django.urls import reverse
from django.utils import timezone

from duban.accounts import permissions
from duban.assessment.kept import assessments_refresh
from duban.assessment.selectors import period_report_quality, report_quality_sentence
from duban.core.status import BEHIND_SCHEDULE, TaskStatus, get_profile
from duban.ledger.models import KeyTask, Plan, TaskResponsibility
from duban.ledger.selectors import baseline_notes, key_task_scope, plan_scope
from duban.orgs.models import Department
from duban.orgs.selectors import governments_seen_by
from duban.reporting.inbox import InboxTodo
from duban.reporting.models import ProgressReport, ReportingPeriod, StatusDecision
from duban.reporting.selectors import ForecastView, forecast_of

from . import bulletin, instruction_workflow, workflow
from .choices import ProposalState, SlipLevel
from .models import Bulletin, EscalationProposal, LeaderInstruction, SupervisionSlip
from .permissions import addressed_unit_ids, can_view_slip


def slip_counts_by_department(
    *, plan: Plan, period: ReportingPeriod | None = None
) -> dict[int, dict[str, int]]:
    """Slips issued to each department within `plan` (and about `period` when given), by level.

    Returns department id → {"blue": n, "yellow": n, "red": n}. Every slip counts once at its
    own level whatever its state (an escalated 蓝 slip and the 黄 slip it became count one
    each); departments without any slip are absent.
    """
    slips: QuerySet[SupervisionSlip] = SupervisionSlip.objects.filter(plan=plan)
    if period is not None:
        slips = slips.filter(period=period)
    rows = slips.values("departments", "level").annotate(n=Count("id", distinct=True))
    counts: dict[int, dict[str, int]] = {}
    for row in rows:
        department_id: Any = row["departments"]
        if department_id is None:
            continue
        bucket = counts.setdefault(department_id, dict.fromkeys(SlipLevel.values, 0))
        bucket[row["level"]] += row["n"]
    return counts


# --- Slip lists and pages -----------------------------------------------------------------


@dataclass(frozen=True)
class SlipFilters:
    level: str = ""
    state: str = ""
    department_id: int | None = None
    overdue: bool = False


def slip_list_for(
    *, user: Any, filters: SlipFilters, today: datetime.date
) -> QuerySet[SupervisionSlip]:
    """The slips `user` may see, newest first: every slip for the office and leaders, the
    slips addressed to its unit (or its groups) for a department user."""
    if permissions.can_read_everything(user):
        slips = SupervisionSlip.objects.filter(
            plan__government_id__in=governments_seen_by(user=user)
        )
    elif permissions.is_department_user(user):
        slips = SupervisionSlip.objects.filter(
            pk__in=SupervisionSlip.departments.through.objects.filter(
                department_id__in=addressed_unit_ids(user)
            ).values("supervisionslip_id")
        )
    else:
        return SupervisionSlip.objects.none()
    if filters.level:
        slips = slips.filter(level=filters.level)
    if filters.state:
        slips = slips.filter(state=filters.state)
    if filters.department_id:
        slips = slips.filter(departments__id=filters.department_id)
    if filters.overdue:
        slips = slips.filter(state__in=workflow.AWAITING_REPLY, reply_deadline__lt=today)
    return (
        slips.select_related("task", "period", "plan")
        .prefetch_related("departments")
        .order_by("-year", "-number")
        .distinct()
    )


def slip_get_for(*, user: Any, pk: int) -> SupervisionSlip | None:
    """The slip `pk` if `user` may see it."""
    slip = (
        SupervisionSlip.objects.select_related(
            "task",
            "plan",
            "plan__government",
            "period",
            "issued_by",
            "signed_by",
            "replied_by",
            "closed_by",
            "escalated_to",
        )
        .prefetch_related("departments", "attachments")
        .filter(pk=pk)
        .first()
    )
    if slip is None or not can_view_slip(user, slip):
        return None
    return slip


def slip_predecessor(slip: SupervisionSlip) -> SupervisionSlip | None:
    """The slip this one was escalated from, if any."""
    return SupervisionSlip.objects.filter(escalated_to=slip).first()


def slip_departments_choices(*, user: Any) -> QuerySet[Department]:
    """The units that have been sent slips (the list page's unit filter)."""
    ids = SupervisionSlip.departments.through.objects.filter(
        supervisionslip__plan__government_id__in=governments_seen_by(user=user)
    ).values("department_id")
    if not permissions.can_read_everything(user):
        ids = ids.filter(department_id__in=addressed_unit_ids(user))
    return Department.objects.filter(pk__in=ids).order_by("sort_order", "id")


def written_problems(report: ProgressReport | None) -> str:
    """The lead unit's own 存在问题 for a report: the working copy, else what it last
    submitted (a returned report being rewritten may have an empty working copy), lines
    joined with ";"; "" when it wrote none."""
    if report is None:
        return ""
    texts = [report.problems, *(v.problems for v in report.versions.order_by("-number")[:1])]
    return bulletin.reason_text(problems=texts)


def decided_status(*, task: KeyTask, period: ReportingPeriod) -> tuple[str, str]:
    """The office's decided status of `task` in `period` and the reason it gave, with the
    status printed as the plan prints it; ("", "") when undecided."""
    decision = StatusDecision.objects.filter(task=task, period=period).exclude(status="").first()
    if decision is None:
        return "", ""
    profile = get_profile(task.plan.status_profile)
    label = profile.label_for(decision.status) or TaskStatus(decision.status).label
    return label, decision.reason.strip()


def slip_period(slip: SupervisionSlip) -> ReportingPeriod | None:
    """The period a slip is about: its own, else the plan's latest."""
    return slip.period or (
        ReportingPeriod.objects.filter(plan_id=slip.plan_id).order_by("-as_of").first()
    )


def slip_problems(slip: SupervisionSlip) -> list[str]:
    """存在问题 as the slip prints it: the office's finding (the decided status, with its
    reason) and the lead unit's own 存在问题. The engine's suggestion and its working are
    the office's aid on screen, never the finding of an official document."""
    period = slip_period(slip)
    if period is None:
        return []
    lines = []
    label, reason = decided_status(task=slip.task, period=period)
    if label:
        lines.append(f"经审核认定,该项工作{period.label}进展状态为{label}。")
        if reason:
            lines.append(f"认定理由:{reason.rstrip('。')}。")
    report = ProgressReport.objects.filter(task=slip.task, period=period).first()
    problems = written_problems(report)
    if problems:
        lines.append(f"牵头单位报送的存在问题:{problems}。")
    return lines


@dataclass(frozen=True)
class LaggingTask:
    """A task the office decided lagging in a period, with the engine's suggestion beside it
    (shown to the office, never the finding)."""

    task: KeyTask
    label: str
    suggested: str


def decided_lagging(*, period: ReportingPeriod) -> list[LaggingTask]:
    """The tasks the office decided 部分滞后 or 进度滞后 in `period`, in ledger order."""
    profile = get_profile(period.plan.status_profile)
    decisions = list(
        StatusDecision.objects.filter(period=period, status__in=BEHIND_SCHEDULE)
        .select_related("task")
        .order_by("task__position")
    )
    suggestions = assessments_refresh(period=period, tasks=[d.task for d in decisions])
    return [
        LaggingTask(
            task=d.task,
            label=profile.label_for(d.status) or TaskStatus(d.status).label,
            suggested=suggestions[d.task_id].label if d.task_id in suggestions else "",
        )
        for d in decisions
    ]


def task_for_slip(*, user: Any, pk: int) -> KeyTask | None:
    """A task of `user`'s government to issue a slip about, with its plan and units."""
    return (
        key_task_scope(user=user)
        .select_related("plan", "parent")
        .prefetch_related("responsibilities__department")
        .filter(pk=pk)
        .first()
    )


def tasks_for_slip_choice(*, user: Any) -> QuerySet[KeyTask]:
    """Every task of the newest plan `user` sees (the issue form's task picker without a task
    given)."""
    plan = plan_scope(user=user).order_by("-year", "-id").first()
    return KeyTask.objects.filter(plan=plan).order_by("position")


def proposal_scope(*, user: Any) -> QuerySet[EscalationProposal]:
    """The escalation proposals of the plans `user` sees."""
    return EscalationProposal.objects.filter(period__plan__in=plan_scope(user=user))


def proposal_list(*, user: Any, state: str = "") -> QuerySet[EscalationProposal]:
    """Escalation proposals, open ones first, newest period first."""
    proposals = proposal_scope(user=user).select_related(
        "task", "period", "period__plan", "slip", "decided_by"
    )
    if state:
        proposals = proposals.filter(state=state)
    return proposals.order_by(
        Case(When(state=ProposalState.OPEN, then=0), default=1), "-period__as_of", "task__position"
    )


def bulletin_get_for(*, user: Any, pk: int) -> Bulletin | None:
    return bulletin_list(user=user).filter(pk=pk).first()


def bulletin_list(*, user: Any) -> QuerySet[Bulletin]:
    """The bulletins of the plans `user` sees, newest first."""
    return (
        Bulletin.objects.filter(plan__in=plan_scope(user=user))
        .select_related("period", "plan", "created_by")
        .order_by("-year", "-number")
    )


# --- Bulletin data ------------------------------------------------------------------------

ON_SCHEDULE = frozenset({TaskStatus.COMPLETED, TaskStatus.AHEAD, TaskStatus.ON_TRACK})
DONE_AHEAD = (TaskStatus.COMPLETED, TaskStatus.AHEAD)
TASK_NAME_LENGTH = 60


@dataclass(frozen=True)
class BulletinTask:
    """A task a bulletin names: its number, short text, lead unit, status, gap and reason."""

    seq: str
    name: str
    lead: str
    status_label: str
    gap: str = ""
    reason: str = ""
    # The approved baseline change the status was judged against (目标经批准调整:…).
    baseline_note: str = ""
    forecast: str = ""  # "预计全年有困难(260亿元)", "" when the report gave none


@dataclass(frozen=True)
class LateDepartment:
    name: str
    late: int
    missing: int


@dataclass
class BulletinData:
    """Everything a bulletin about one period says, computed from the decided statuses."""

    government: str
    year: int
    period_label: str
    total: int
    excluded: int
    status_counts: list[bulletin.StatusCount]
    on_schedule: int
    lagging: list[BulletinTask] = field(default_factory=list)
    ahead: list[BulletinTask] = field(default_factory=list)
    # Not lagging today, but the lead unit forecasts the year's target in danger (预计全年).
    forecast_at_risk: list[BulletinTask] = field(default_factory=list)
    late_departments: list[LateDepartment] = field(default_factory=list)
    due_date: datetime.date | None = None
    # "报送质量:本期提交N份报告,M份有质量提示(…)" — counted, never scored (quality.py).
    report_quality: str = ""

    @property
    def summary(self) -> str:
        return bulletin.summary_sentence(
            total=self.total, parts=self.status_counts, on_schedule=self.on_schedule
        )

    @property
    def excluded_note(self) -> str:
        return bulletin.excluded_sentence(self.excluded)

    def counts(self) -> dict[str, Any]:
        """What the `Bulletin` row keeps of this data."""
        return {
            "total": self.total,
            "excluded": self.excluded,
            "statuses": {c.label: c.count for c in self.status_counts},
            "on_schedule": self.on_schedule,
            "lagging": len(self.lagging),
            "ahead": len(self.ahead),
            "late_departments": [
                {"name": d.name, "late": d.late, "missing": d.missing}
                for d in self.late_departments
            ],
            "report_quality": self.report_quality,
        }


def short_task_name(text: str, limit: int = TASK_NAME_LENGTH) -> str:
    """The task's first sentence, cut to `limit` characters."""
    first = text.strip().split("。")[0].split("\n")[0]
    return first if len(first) <= limit else first[: limit - 1] + "…"


def _late_departments(period: ReportingPeriod, today: datetime.date) -> list[LateDepartment]:
    """Units whose first submission came after the period's due date, or that had not
    submitted by it (counted only once the due date has passed). None without a due date."""
    due = period.due_date
    if due is None:
        return []
    reports = (
        ProgressReport.objects.filter(period=period)
        .annotate(first_submitted=Min("versions__submitted_at"))
        .select_related("department")
        .order_by("department__sort_order", "department_id")
    )
    tally: dict[int, LateDepartment] = {}
    for report in reports:
        first = report.first_submitted or report.submitted_at
        late = first is not None and timezone.localdate(first) > due
        missing = first is None and report.state != "approved" and today > due
        if not (late or missing):
            continue
        known = tally.get(report.department_id)
        tally[report.department_id] = LateDepartment(
            name=report.department.name,
            late=(known.late if known else 0) + int(late),
            missing=(known.missing if known else 0) + int(missing),
        )
    return list(tally.values())


def _forecast_text(forecast: ForecastView | None) -> str:
    if forecast is None:
        return ""
    figure = f"({forecast.figure})" if forecast.figure else ""
    return f"预计全年{forecast.label}{figure}"


def bulletin_data(*, period: ReportingPeriod, today: datetime.date) -> BulletinData:
    """The counts, lagging and ahead tasks and late units of `period`, from decided statuses.

    Tasks without a decided status are left out of the counts (and said to be); gaps come
    from the suggestion's judged figures, reasons from the report's 存在问题, else the
    reason the office gave with its decision.
    """
    plan = period.plan
    profile = get_profile(plan.status_profile)
    tasks = list(
        KeyTask.objects.filter(plan=plan)
        .select_related("parent")
        .prefetch_related("responsibilities__department")
        .order_by("position")
    )
    decisions = {
        d.task_id: d for d in StatusDecision.objects.filter(period=period).exclude(status="")
    }
    reports = {r.task_id: r for r in ProgressReport.objects.filter(period=period)}
    assessments = assessments_refresh(period=period, tasks=tasks)
    notes = baseline_notes(task_ids=[t.pk for t in tasks])
    forecasts = {task_id: forecast_of(report) for task_id, report in reports.items()}

    def label(status: str) -> str:
        return profile.label_for(status) or TaskStatus(status).label

    statuses = [decisions[t.pk].status for t in tasks if t.pk in decisions]
    order = list(profile.labels) + [s for s in TaskStatus.values if s not in profile.labels]
    counts = [bulletin.StatusCount(label(s), statuses.count(s)) for s in order if statuses.count(s)]

    def entry(task: KeyTask, *, with_gap: bool) -> BulletinTask:
        decision = decisions[task.pk]
        lead = task.responsibilities.all()[:1]
        assessment = assessments.get(task.pk)
        report = reports.get(task.pk)
        reason = written_problems(report) or decision.reason.strip()
        gap = ""
        if with_gap and assessment is not None:
            gap = bulletin.gap_text(
                [p for p in assessment.pairs if isinstance(p, dict) and p.get("counted", True)]
            )
        return BulletinTask(
            seq=task.seq or (task.parent.seq if task.parent_id and task.parent else ""),
            name=short_task_name(task.text),
            lead=lead[0].department.name if lead else "",
            status_label=label(decision.status),
            gap=gap,
            reason=reason if with_gap else "",
            baseline_note=str(notes[task.pk]) if task.pk in notes else "",
            forecast=_forecast_text(forecasts.get(task.pk)),
        )

    return BulletinData(
        government=plan.government.name,
        year=plan.year,
        period_label=period.label,
        total=len(statuses),
        excluded=len(tasks) - len(statuses),
        status_counts=counts,
        on_schedule=sum(1 for s in statuses if s in ON_SCHEDULE),
        lagging=[
            entry(t, with_gap=True)
            for t in tasks
            if t.pk in decisions and decisions[t.pk].status in BEHIND_SCHEDULE
        ],
        ahead=[
            entry(t, with_gap=False)
            for t in tasks
            if t.pk in decisions and decisions[t.pk].status in DONE_AHEAD
        ],
        forecast_at_risk=[
            entry(t, with_gap=False)
            for t in tasks
            if t.pk in decisions
            and decisions[t.pk].status not in BEHIND_SCHEDULE
            and (forecast := forecasts.get(t.pk)) is not None
            and forecast.at_risk
        ],
        late_departments=_late_departments(period, today),
        due_date=period.due_date,
        report_quality=report_quality_sentence(period_report_quality(period=period)),
    )


# What a slip waits for, and from whom (the workflow's next step by state).
_DEPARTMENT_NEXT = {workflow.ISSUED: workflow.SIGN, workflow.SIGNED: workflow.REPLY}
_OFFICE_NEXT = {workflow.REPLIED: workflow.CLOSE}


def slip_todos(user: Any, today: datetime.date) -> list[InboxTodo]:
    """我的任务's 督办单: to sign and answer for an addressed department, to close for the
    office."""
    if permissions.is_office(user):
        waiting = _OFFICE_NEXT
        slips = SupervisionSlip.objects.filter(
            state__in=list(waiting), plan__government_id__in=governments_seen_by(user=user)
        )
    elif permissions.is_department_user(user):
        waiting = _DEPARTMENT_NEXT
        slips = SupervisionSlip.objects.filter(
            state__in=list(waiting), departments__id__in=addressed_unit_ids(user)
        ).distinct()
    else:
        return []
    return [
        InboxTodo(
            kind="督办单",
            action=workflow.ACTION_LABELS[waiting[slip.state]],
            title=f"{slip.number_label} {short_task_name(slip.task.text) if slip.task else ''}",
            url=reverse("supervision:slip_detail", args=[slip.pk]),
            due=slip.reply_deadline,
            overdue=slip.is_overdue(today),
        )
        for slip in slips.select_related("task").order_by("reply_deadline", "number")
    ]


# --- 领导批示 ------------------------------------------------------------------------------


def instructions_for_task(*, task: KeyTask) -> list[LeaderInstruction]:
    return list(
        LeaderInstruction.objects.filter(task=task).select_related(
            "recorded_by", "signed_by", "replied_by"
        )
    )


def instructions_awaiting(*, user: Any) -> QuerySet[LeaderInstruction]:
    """Instructions not yet replied to: for a department, those on tasks it leads; for the
    office and leaders, all of them."""
    pending = LeaderInstruction.objects.filter(
        state__in=list(instruction_workflow.AWAITING_REPLY)
    ).select_related("task")
    if permissions.can_read_everything(user):
        return pending.filter(task__in=key_task_scope(user=user)).order_by("reply_due", "id")
    if not permissions.is_department_user(user):
        return pending.none()
    lead = TaskResponsibility.objects.filter(
        task=OuterRef("task_id"), position=0, department_id=user.department_id
    )
    return pending.filter(Exists(lead)).order_by("reply_due", "id")


# What an instruction waits for from its lead department (the workflow's next step by state).
_INSTRUCTION_NEXT = {
    instruction_workflow.RECORDED: instruction_workflow.SIGN,
    instruction_workflow.SIGNED: instruction_workflow.REPLY,
}


def instruction_todos(user: Any, today: datetime.date) -> list[InboxTodo]:
    """我的任务's 领导批示: to sign and to reply to, for the lead department. The office and
    leaders follow them on the cockpit; they have nothing to do on them here."""
    if not permissions.is_department_user(user):
        return []
    return [
        InboxTodo(
            kind="领导批示",
            action=instruction_workflow.ACTION_LABELS[_INSTRUCTION_NEXT[instruction.state]],
            title=f"{instruction.leader}批示:{short_task_name(instruction.task.text)}",
            url=reverse("supervision:task_instructions", args=[instruction.task_id]),
            due=instruction.reply_due,
            overdue=instruction.is_overdue(today),
        )
        for instruction in instructions_awaiting(user=user)
    ]
