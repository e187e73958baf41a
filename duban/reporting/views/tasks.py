"""The task pages under /ledger/ (任务台账): each task with the period's status and its reports.

They live in reporting, not in `ledger`, because what they serve is reporting on tasks — a
period's decided statuses and each task's reports — and `ledger` sits below reporting
(docs/decisions/0014). The task list (filter, page, export) and a task's whole story.
"""

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from duban.accounts.permissions import is_office
from duban.core.audit_verbs import AuditVerb
from duban.core.status import StatusProfile, get_profile
from duban.core.views import permission_required
from duban.exports.download import internal_download
from duban.exports.renderers.xlsx import render_rows_xlsx
from duban.ledger.models import KeyTask
from duban.ledger.permissions import can_manage_ledger, can_request_change, can_view_ledger
from duban.ledger.selectors import (
    TaskFilters,
    baseline_note,
    baseline_notes,
    change_request_scope,
    key_task_get_for,
    key_task_list_for,
    plan_choose,
    plan_list_for,
    task_events,
)
from duban.ledger.services import effective_deadline
from duban.orgs.models import Department

from ..models import ReportingPeriod
from ..selectors import (
    decisions_for_task,
    period_choose,
    period_list,
    reports_by_task,
    statuses_by_task,
    task_history,
)
from .task_life import change_actions_for

PAGE_SIZE = 50
LEDGER_EXPORT_HEADER = [
    "序号",
    "主要工作任务",
    "牵头单位",
    "配合单位",
    "进展情况",
    "报送情况",
    "状态",
]
NOT_REPORTED = "未报送"


@permission_required(can_view_ledger)
def task_list(request: HttpRequest) -> HttpResponse:
    """任务台账: a plan's tasks with lead units and the chosen period's status."""
    plans = list(plan_list_for(user=request.user))
    raw_plan = request.GET.get("plan", "")
    plan = plan_choose(
        user=request.user, requested_id=int(raw_plan) if raw_plan.isdigit() else None
    )
    if plan is None:
        return render(request, "reporting/task_list.html", {"plans": plans, "plan": None})
    periods = period_list(plan=plan)
    raw = request.GET.get("period", "")
    period = period_choose(
        user=request.user, plan=plan, requested_id=int(raw) if raw.isdigit() else None
    )
    period = period or period_choose(user=request.user, plan=plan)
    department = request.GET.get("department", "")
    filters = TaskFilters(
        query=request.GET.get("q", "").strip(),
        department_id=int(department) if department.isdigit() else None,
        lead_only=request.GET.get("lead") == "1",
    )
    tasks = key_task_list_for(user=request.user, plan=plan, filters=filters)
    statuses = statuses_by_task(period=period) if period else {}
    status_filter = request.GET.get("status", "")
    if status_filter and period is not None:
        tasks = tasks.filter(decisions__period=period, decisions__status=status_filter)
    profile = get_profile(plan.status_profile)
    if request.GET.get("export") == "xlsx":
        return _export(request, plan.title, period, tasks, statuses, profile)
    page = Paginator(tasks, PAGE_SIZE).get_page(request.GET.get("page"))
    notes = baseline_notes(task_ids=[task.pk for task in page.object_list])
    rows = [
        (
            task,
            statuses.get(task.pk, ""),
            profile.label_for(statuses.get(task.pk, "")),
            notes.get(task.pk),
        )
        for task in page.object_list
    ]
    departments = Department.objects.filter(government=plan.government).order_by("sort_order", "id")
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "reporting/task_list.html",
        {
            "plans": plans,
            "plan": plan,
            "periods": periods,
            "period": period,
            "page": page,
            "rows": rows,
            "profile": profile,
            "departments": departments,
            "status_choices": list(profile.labels.items()),
            "filters": request.GET,
            "query_string": query.urlencode(),
            "can_manage": can_manage_ledger(request.user),
        },
    )


def _export(
    request: HttpRequest,
    title: str,
    period: ReportingPeriod | None,
    tasks: QuerySet[KeyTask],
    statuses: dict[int, str],
    profile: StatusProfile,
) -> HttpResponse:
    header = LEDGER_EXPORT_HEADER
    reports = reports_by_task(period=period) if period else {}
    rows: list[list[object]] = []
    for task in tasks:
        names = [r.printed_name for r in task.responsibilities.all()]
        report = reports.get(task.pk)
        rows.append(
            [
                task.seq,
                task.text,
                names[0] if names else "",
                "、".join(names[1:]),
                report.progress if report else "",
                report.get_state_display() if report else NOT_REPORTED,
                profile.label_for(statuses.get(task.pk, "")),
            ]
        )
    name = f"{title}({period.label})" if period else title
    return internal_download(
        data=render_rows_xlsx(title=title, header=header, rows=rows),
        fmt="xlsx",
        name=name,
        fallback="tasks",
        actor=request.user,
        verb=AuditVerb.LEDGER_EXPORT,
        target=period,
        after={"rows": len(rows), "filters": request.GET.dict()},
    )


@permission_required(can_view_ledger)
def task_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One task's whole story: its baseline versions (original beside approved), units,
    indicators, milestones, every period's report and decided status (who, why), slips,
    change requests and the history of changes."""
    task = key_task_get_for(user=request.user, pk=pk)
    if task is None:
        raise Http404
    profile = get_profile(task.plan.status_profile)
    decisions = decisions_for_task(task=task)
    history = [
        (period, report, status, profile.label_for(status), decisions.get(period.pk))
        for period, report, status in task_history(task=task)
    ]
    baselines = list(task.baselines.select_related("approved_by", "change_request"))
    changes = [
        (change, change_actions_for(request.user, change))
        for change in change_request_scope(user=request.user)
        .filter(task=task)
        .prefetch_related("attachments")
    ]
    crumbs = [("任务台账", reverse("reporting:task_list")), (f"任务 {task.seq or '子项'}", "")]
    return render(
        request,
        "reporting/task_detail.html",
        {
            "task": task,
            "history": history,
            "crumbs": crumbs,
            "original": baselines[0] if baselines else None,
            "current": baselines[-1] if len(baselines) > 1 else None,
            "baselines": baselines,
            "note": baseline_note(task=task),
            "deadline": effective_deadline(task),
            "milestones": task.milestones.all(),
            "indicators": task.indicators.all(),
            # Slips live above reporting; the reverse relation reads them without an import.
            "slips": task.slips.order_by("-issued_at"),
            "changes": changes,
            "events": task_events(task=task).select_related("actor")[:100],
            "can_manage": can_manage_ledger(request.user),
            "can_request_change": can_request_change(request.user, task),
            # The office issues a 督办单 from here (the supervision app checks again).
            "can_issue_slip": is_office(request.user),
        },
    )
