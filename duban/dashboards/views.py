"""The cockpit (驾驶舱), the task lists behind its charts, and "what changed" (本期变化).

Leaders and the office see every task; a department sees the cockpit of its own tasks.
"""

from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from duban.accounts import permissions
from duban.assessment.selectors import period_report_quality, report_quality_sentence
from duban.core.audit_verbs import AuditVerb
from duban.core.status import TaskStatus, get_profile
from duban.core.views import permission_required
from duban.exports.download import internal_download
from duban.exports.renderers.xlsx import render_rows_xlsx
from duban.ledger.models import Plan
from duban.ledger.selectors import baseline_notes
from duban.reporting.models import ReportingPeriod
from duban.supervision.permissions import can_issue_slip
from duban.supervision.selectors import instructions_awaiting

from .changes import ChangeFlag, change_rows, change_summary_for
from .charts import cockpit_charts_script
from .permissions import can_view_cockpit
from .selectors import (
    CACHE_SECONDS,
    UNDECIDED,
    UNDECIDED_LABEL,
    DrillFilters,
    cockpit_cache_key,
    cockpit_for,
    drill_tasks_for,
    drill_url,
    forecast_watch_for,
    lead_name,
    plan_period_choose,
    unit_name,
)

DRILL_PAGE_SIZE = 50
DRILL_HEADER = ["序号", "主要工作任务", "牵头单位", "状态"]
CHANGES_PAGE_SIZE = 20


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


Choice = tuple[list[Plan], Plan | None, list[ReportingPeriod], ReportingPeriod | None]


def _choose(request: HttpRequest) -> Choice:
    """(plans, plan, periods, period) from ?plan= and ?period=; an unknown period is a 404."""
    period_id = _int(request.GET.get("period"))
    chosen = plan_period_choose(
        user=request.user, plan_id=_int(request.GET.get("plan")), period_id=period_id
    )
    if period_id is not None and chosen[3] is None:
        raise Http404
    return chosen


def _report_quality_line(request: HttpRequest, period: Any) -> str:
    """The report-quality line: every department for the office and leaders, the user's own
    for a department user."""
    rows = period_report_quality(period=period)
    if not permissions.can_read_everything(request.user):
        department_id = getattr(request.user, "department_id", None)
        rows = [row for row in rows if row.department.pk == department_id]
    return report_quality_sentence(rows)


@dataclass(frozen=True)
class _Figures:
    """The cockpit's figures as the page prints them: the summary sentence, the cards above
    the forecast and instructions, and those below with the chart data."""

    summary: str
    top: SafeString
    bottom: SafeString


def _figures(request: HttpRequest, period: ReportingPeriod, can_issue: bool) -> _Figures:
    """The figures' HTML, rendered once per data version and scope and kept beside the
    cockpit: at province scale the tables are thousands of template nodes, the same for
    everyone who sees them. Only 下发督办单 depends on the viewer, so it is part of the key."""
    key = cockpit_cache_key(user=request.user, period=period)
    suffix = f":page:{int(can_issue)}"
    figures: _Figures | None = cache.get(key + suffix) if key else None
    if figures is not None:
        return figures
    data = cockpit_for(user=request.user, period=period)
    context = {
        "cockpit": data,
        "period": period,
        "drill": drill_url(period.pk),
        "can_issue_slip": can_issue,
        "charts_script": cockpit_charts_script(data),
    }
    # Our own templates' output, escaped as they rendered it.
    top = render_to_string("dashboards/_cockpit_figures_top.html", context)
    bottom = render_to_string("dashboards/_cockpit_figures_bottom.html", context)
    figures = _Figures(summary=data.summary_sentence, top=mark_safe(top), bottom=mark_safe(bottom))
    if key:
        cache.set(key + suffix, figures, CACHE_SECONDS)
    return figures


@permission_required(can_view_cockpit)
def cockpit(request: HttpRequest) -> HttpResponse:
    """驾驶舱: a plan's period at a glance; every chart leads to the tasks behind it."""
    plans, plan, periods, period = _choose(request)
    context: dict[str, object] = {"plans": plans, "plan": plan, "periods": periods}
    context["period"] = period
    if period is not None:
        context |= {
            "report_quality": _report_quality_line(request, period),
            "figures": _figures(request, period, can_issue_slip(request.user)),
            "forecast_watch": forecast_watch_for(user=request.user, period=period),
            "instructions_awaiting": list(instructions_awaiting(user=request.user)[:20]),
        }
    return render(request, "dashboards/cockpit.html", context)


@permission_required(can_view_cockpit)
def task_list(request: HttpRequest) -> HttpResponse:
    """The tasks behind a chart element: by status, lead unit, county and period."""
    _plans, plan, _periods, period = _choose(request)
    if plan is None or period is None:
        raise Http404
    profile = get_profile(plan.status_profile)
    statuses = tuple(
        s
        for s in request.GET.get("status", "").split(",")
        if s in TaskStatus.values or s == UNDECIDED
    )
    filters = DrillFilters(
        statuses=statuses,
        department_id=_int(request.GET.get("department")),
        county_id=_int(request.GET.get("county")),
    )
    tasks = drill_tasks_for(user=request.user, period=period, filters=filters)

    def label(status: str | None) -> str:
        if not status:
            return UNDECIDED_LABEL
        return profile.label_for(status) or TaskStatus(status).label

    title_parts = [
        f"{plan}",
        period.label,
        *(label(s if s != UNDECIDED else None) for s in statuses),
    ]
    if filters.department_id is not None:
        title_parts.append(
            f"牵头单位:{unit_name(filters.department_id, government_id=plan.government_id)}"
        )
    if filters.county_id is not None:
        title_parts.append(
            f"县(市、区):{unit_name(filters.county_id, government_id=plan.government_id)}"
        )
    title = " · ".join(title_parts)
    if request.GET.get("export") == "xlsx":
        sheet_rows: list[list[object]] = [
            [
                task.seq,
                task.text,
                lead_name(task),
                label(getattr(task, "decided_status", "")),
            ]
            for task in tasks
        ]
        return internal_download(
            data=render_rows_xlsx(title=title, header=DRILL_HEADER, rows=sheet_rows),
            fmt="xlsx",
            name=title,
            fallback="cockpit-tasks",
            actor=request.user,
            verb=AuditVerb.COCKPIT_EXPORT,
            target=period,
            after={"rows": len(sheet_rows), "filters": request.GET.dict()},
        )
    page = Paginator(tasks, DRILL_PAGE_SIZE).get_page(request.GET.get("page"))
    notes = baseline_notes(task_ids=[task.pk for task in page])
    listed = []
    for task in page:
        status = getattr(task, "decided_status", "") or ""
        listed.append((task, status, label(status), lead_name(task), notes.get(task.pk)))
    query = request.GET.copy()
    query.pop("page", None)
    cockpit_url = f"{reverse('dashboards:cockpit')}?period={period.pk}"
    return render(
        request,
        "dashboards/task_list.html",
        {
            "title": title,
            "page": page,
            "rows": listed,
            "query_string": query.urlencode(),
            "crumbs": [("驾驶舱", cockpit_url), ("任务清单", "")],
        },
    )


@permission_required(can_view_cockpit)
def changes(request: HttpRequest) -> HttpResponse:
    """本期变化: each task's progress text against the previous period's, 无新进展 flagged."""
    plans, plan, periods, period = _choose(request)
    context: dict[str, object] = {"plans": plans, "plan": plan, "periods": periods}
    context["period"] = period
    if period is not None:
        summary = change_summary_for(user=request.user, period=period)
        flag = request.GET.get("flag", "")
        flag = flag if flag in ChangeFlag.LABELS else ""
        page = Paginator(summary.ids(flag), CHANGES_PAGE_SIZE).get_page(request.GET.get("page"))
        query = request.GET.copy()
        query.pop("page", None)
        context |= {
            "summary": summary,
            "flag": flag,
            "flags": [
                (code, label, summary.count(code)) for code, label in ChangeFlag.LABELS.items()
            ],
            "page": page,
            "rows": change_rows(
                period=period, previous_id=summary.previous_id, ids=list(page.object_list)
            ),
            "query_string": query.urlencode(),
            "threshold_text": f"{summary.threshold * 100:.1f}%",
        }
    context["crumbs"] = [("驾驶舱", reverse("dashboards:cockpit")), ("本期变化", "")]
    return render(request, "dashboards/changes.html", context)
