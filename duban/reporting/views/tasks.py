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

from duban.core.audit_verbs import AuditVerb
from duban.core.status import StatusProfile, get_profile
from duban.core.views import permission_required
from duban.exports.download import internal_download
from duban.exports.renderers.xlsx import render_rows_xlsx
from duban.ledger.models import KeyTask
from duban.ledger.permissions import can_view_ledger
from duban.ledger.selectors import (
    TaskFilters,
    key_task_get_for,
    key_task_list_for,
    plan_get,
    plan_list,
)
from duban.orgs.models import Department

from ..models import ReportingPeriod
from ..selectors import (
    period_choose,
    period_list,
    printed_status_labels,
    statuses_by_task,
    task_history,
)

PAGE_SIZE = 50


@permission_required(can_view_ledger)
def task_list(request: HttpRequest) -> HttpResponse:
    """任务台账: a plan's tasks with lead units and the chosen period's status."""
    plans = list(plan_list())
    plan = plan_get(pk=int(request.GET["plan"])) if request.GET.get("plan", "").isdigit() else None
    plan = plan or (plans[0] if plans else None)
    if plan is None:
        return render(request, "reporting/task_list.html", {"plans": plans, "plan": None})
    periods = period_list(plan=plan)
    raw = request.GET.get("period", "")
    period = period_choose(plan=plan, requested_id=int(raw) if raw.isdigit() else None)
    period = period or period_choose(plan=plan)
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
    rows = [
        (task, statuses.get(task.pk, ""), profile.label_for(statuses.get(task.pk, "")))
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
    header = ["序号", "主要工作任务", "牵头单位", "配合单位", "状态"]
    rows: list[list[object]] = []
    for task in tasks:
        names = [r.printed_name for r in task.responsibilities.all()]
        rows.append(
            [
                task.seq,
                task.text,
                names[0] if names else "",
                "、".join(names[1:]),
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
    """One task's whole story: text, units, and every period's report and status."""
    task = key_task_get_for(user=request.user, pk=pk)
    if task is None:
        raise Http404
    profile = get_profile(task.plan.status_profile)
    printed = printed_status_labels(task=task)
    history = [
        (period, report, status, profile.label_for(status), printed.get(period.pk, ""))
        for period, report, status in task_history(task=task)
    ]
    crumbs = [("任务台账", reverse("reporting:task_list")), (f"任务 {task.seq or '子项'}", "")]
    return render(
        request, "reporting/task_detail.html", {"task": task, "history": history, "crumbs": crumbs}
    )
