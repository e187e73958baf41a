"""The office's status review (状态研判): suggestions beside decided statuses, the list of
disagreements, and the review of a task's targets. Leaders read; the office decides."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from duban.core.audit_verbs import AuditVerb
from duban.core.exceptions import DomainError
from duban.core.status import get_profile
from duban.core.views import permission_required
from duban.exports.download import internal_download
from duban.exports.renderers.xlsx import render_rows_xlsx
from duban.ledger.selectors import key_task_get_for
from duban.reporting.models import ReportingPeriod
from duban.reporting.selectors import period_choices_for, period_choose, period_get_for

from .confidence import LEVEL_NAMES, LEVEL_ORDER
from .forms import DecisionForm, IndicatorFormSet, confirmed_items
from .permissions import can_decide_status, can_view_assessment
from .selectors import (
    ReviewRow,
    disagreements,
    indicator_review_data,
    review_rows,
)
from .services import indicators_confirm, status_decide

# An undecided row has no default status: saving it without a choice decides nothing.
STATUS_NOT_CHOSEN = "请选择认定状态:未选择的任务保持未认定。"


def _period_from(request: HttpRequest) -> ReportingPeriod | None:
    raw = request.GET.get("period", "")
    if raw and not raw.isdigit():
        raise Http404
    period = period_choose(user=request.user, requested_id=int(raw) if raw else None)
    if raw and period is None:
        raise Http404
    return period


def _review_url(period: ReportingPeriod, *, only_disagree: bool = False) -> str:
    url = f"{reverse('assessment:review')}?period={period.pk}"
    return url + "&only=disagree" if only_disagree else url


@permission_required(can_view_assessment)
def review(request: HttpRequest) -> HttpResponse:
    """Every task of a period: decided status, suggested status and its reasons; the office
    confirms the suggestion in one click or decides another status with a reason."""
    period = _period_from(request)
    only_disagree = request.GET.get("only") == "disagree"
    confidence = request.GET.get("confidence", "")
    by_confidence = request.GET.get("sort") == "confidence"
    rows = review_rows(period=period) if period else []
    shown = [row for row in rows if row.disagrees] if only_disagree else rows
    if confidence in LEVEL_ORDER:
        shown = [row for row in shown if row.assessment.confidence == confidence]
    if by_confidence:
        # The uncertain first; among equals, the lower score first, then table order.
        shown = sorted(
            shown,
            key=lambda row: (
                LEVEL_ORDER.get(row.assessment.confidence, 0),
                row.assessment.confidence_score,
            ),
        )
    profile = get_profile(period.plan.status_profile) if period else None
    return render(
        request,
        "assessment/review.html",
        {
            "periods": period_choices_for(user=request.user),
            "period": period,
            "rows": shown,
            "only_disagree": only_disagree,
            "confidence": confidence if confidence in LEVEL_ORDER else "",
            "confidence_levels": [(level, LEVEL_NAMES[level]) for level in LEVEL_ORDER],
            "by_confidence": by_confidence,
            "total": len(rows),
            "disagreeing": sum(row.disagrees for row in rows),
            "without_suggestion": sum(not row.has_suggestion for row in rows),
            "statuses": list(profile.labels.items()) if profile else [],
            # A suggestion outside the plan's vocabulary (未启动 for Jiaxing) cannot be printed,
            # so it cannot be confirmed as it stands.
            "confirmable": set(profile.labels) if profile else set(),
            "can_decide": can_decide_status(request.user),
            "next": request.get_full_path(),
            "crumbs": [("状态研判", "")],
        },
    )


@permission_required(can_view_assessment)
def disagreement_list(request: HttpRequest) -> HttpResponse:
    """Every task whose decided status differs from the suggestion, with the figures."""
    period = _period_from(request)
    rows = disagreements(period=period) if period else []
    if period is not None and request.GET.get("export") == "xlsx":
        return _disagreements_export(request, period, rows)
    return render(
        request,
        "assessment/disagreement_list.html",
        {
            "periods": period_choices_for(user=request.user),
            "period": period,
            "rows": rows,
            "crumbs": [
                ("状态研判", _review_url(period) if period else reverse("assessment:review")),
                ("建议与认定不一致", ""),
            ],
        },
    )


DISAGREEMENT_HEADER = [
    "序号",
    "主要工作任务",
    "牵头部门",
    "认定状态",
    "认定理由",
    "建议状态",
    "完成率 / 序时进度 / 差距",
    "研判理由",
]


def _figures_text(row: ReviewRow) -> str:
    parts = []
    for figure in row.figures:
        text = f"完成{figure.completion_text}" if figure.completion_text else ""
        if figure.time_share_text:
            text += f",序时进度{figure.time_share_text}"
        if figure.gap_text:
            text += f",{figure.gap_text}" if text else figure.gap_text
        if not figure.counted:
            text += "(力争目标,不计入)"
        parts.append(text)
    return "\n".join(parts)


def _disagreements_export(
    request: HttpRequest, period: ReportingPeriod, rows: list[ReviewRow]
) -> HttpResponse:
    table: list[list[object]] = [
        [
            row.task.seq or "(子项)",
            row.task.text,
            row.task.responsible_text,
            row.decided_label or "未认定",
            row.decided_reason,
            row.assessment.label,
            _figures_text(row),
            "\n".join(row.assessment.reasons),
        ]
        for row in rows
    ]
    title = "建议与认定不一致清单"
    return internal_download(
        data=render_rows_xlsx(title=title, header=DISAGREEMENT_HEADER, rows=table),
        fmt="xlsx",
        name=f"{title}({period.plan.government.name}{period.label})",
        fallback="disagreements",
        actor=request.user,
        verb=AuditVerb.DISAGREEMENT_EXPORT,
        target=period,
        after={"rows": len(table)},
    )


@permission_required(can_decide_status)
@require_POST
def status_decide_view(request: HttpRequest) -> HttpResponse:
    """Decide one task's status: the suggestion (确认建议) or another status with a reason."""
    raw_period = request.POST.get("period", "")
    period = period_get_for(user=request.user, pk=int(raw_period)) if raw_period.isdigit() else None
    if period is None:
        raise Http404
    form = DecisionForm(request.POST, profile=get_profile(period.plan.status_profile))
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        target = ""
    target = target or _review_url(period)
    if not form.is_valid():
        messages.error(request, STATUS_NOT_CHOSEN)
        return redirect(target)
    task = key_task_get_for(user=request.user, pk=form.cleaned_data["task"])
    if task is None or task.plan_id != period.plan_id:
        raise Http404
    try:
        decision = status_decide(
            task=task,
            period=period,
            status=form.cleaned_data["status"],
            reason=form.cleaned_data["reason"],
            actor=request.user,
        )
    except DomainError as error:
        messages.error(request, f"{_task_name(task)}:{error.message}")
    else:
        label = get_profile(period.plan.status_profile).label_for(decision.status)
        messages.success(request, f"{_task_name(task)}已认定为“{label}”。")
    return redirect(f"{target.split('#')[0]}#task-{task.pk}")


def _task_name(task: object) -> str:
    seq = getattr(task, "seq", "")
    return f"第{seq}项" if seq else "该子项"


@permission_required(can_view_assessment)
def indicator_review(request: HttpRequest, pk: int) -> HttpResponse:
    """The task text with its numbers marked and the targets read from it, for the office to
    confirm, correct, delete or add to; saving makes them the task's indicators."""
    task = key_task_get_for(user=request.user, pk=pk)
    if task is None:
        raise Http404
    data = indicator_review_data(task=task)
    initial = [row.as_initial() for row in data.rows]
    formset = IndicatorFormSet(initial=initial, prefix="indicators")
    if request.method == "POST":
        if not can_decide_status(request.user):
            raise PermissionDenied
        formset = IndicatorFormSet(request.POST, initial=initial, prefix="indicators")
        if formset.is_valid():
            try:
                created = indicators_confirm(
                    task=task, items=confirmed_items(formset), actor=request.user
                )
            except DomainError as error:
                messages.error(request, error.message)
            else:
                messages.success(
                    request,
                    f"已确认{len(created)}项指标。" if created else "已确认该任务没有量化指标。",
                )
                return redirect(request.path)
    return render(
        request,
        "assessment/indicator_review.html",
        {
            "data": data,
            "task": task,
            "formset": formset,
            "can_edit": can_decide_status(request.user),
            "crumbs": [
                ("状态研判", reverse("assessment:review")),
                (f"任务 {task.seq or '(子项)'} 指标确认", ""),
            ],
        },
    )
