"""绩效考核 pages: the ranking of a period (with every score line), its Excel export, and the
plan's scoring scheme. The office and leaders see every unit; a department its own."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from duban.core.audit_verbs import AuditVerb
from duban.core.exceptions import DomainError
from duban.core.views import permission_required
from duban.exports.download import internal_download
from duban.exports.renderers.xlsx import render_rows_xlsx
from duban.ledger.selectors import plan_get_for
from duban.reporting.models import ReportingPeriod
from duban.reporting.selectors import period_choices_for, period_choose

from .forms import ScoringSchemeForm
from .models import VALUE_FIELDS, ScoringScheme
from .permissions import can_edit_scheme, can_view_all_scores, can_view_ranking
from .scoring import DepartmentScore, RankGroups
from .selectors import department_scores, scores_visible_to
from .services import scoring_scheme_get_or_create, scoring_scheme_update

EXPORT_HEADER = [
    "排名组",
    "名次",
    "单位",
    "得分率",
    "总分",
    "任务",
    "期次",
    "计分规则",
    "得分",
    "计分依据",
]
SCHEME_SAVED = "考核计分办法已保存。"
SCHEME_UNCHANGED = "考核计分办法没有改动。"


def _period_from(request: HttpRequest) -> ReportingPeriod | None:
    raw = request.GET.get("period", "")
    if raw and not raw.isdigit():
        raise Http404
    period = period_choose(user=request.user, requested_id=int(raw) if raw else None)
    if raw and period is None:
        raise Http404
    return period


def _scores(
    request: HttpRequest, period: ReportingPeriod
) -> tuple[list[DepartmentScore], int, ScoringScheme]:
    """The scores the user may see, how many units were ranked alongside the user's own
    (its group's when groups rank apart, else all), and the scheme."""
    scheme = scoring_scheme_get_or_create(plan=period.plan, actor=request.user)
    rules = scheme.as_scheme()
    scores = department_scores(period=period, scheme=rules, today=timezone.localdate())
    visible = scores_visible_to(user=request.user, scores=scores)
    ranked = len(scores)
    if visible and len(visible) == 1 and rules.rank_groups is RankGroups.SEPARATE:
        group = visible[0].department.group
        ranked = sum(1 for score in scores if score.department.group == group)
    return visible, ranked, scheme


@permission_required(can_view_ranking)
def ranking(request: HttpRequest) -> HttpResponse:
    """Every unit's total and rank for a period, each with the lines that make it up."""
    period = _period_from(request)
    scores, ranked, scheme = _scores(request, period) if period else ([], 0, None)
    return render(
        request,
        "appraisal/ranking.html",
        {
            "periods": period_choices_for(user=request.user),
            "period": period,
            "scores": scores,
            "ranked": ranked,
            "scheme": scheme,
            "separate": scheme is not None and scheme.rank_groups == RankGroups.SEPARATE,
            "sees_all": can_view_all_scores(request.user),
            "crumbs": [("绩效考核", "")],
        },
    )


@permission_required(can_view_ranking)
def ranking_export(request: HttpRequest) -> HttpResponse:
    """The ranking as a workbook: one row per score line, its unit's rank and total beside it
    so the sheet can be filtered by unit in Excel."""
    period = _period_from(request)
    if period is None:
        raise Http404
    scores, _ranked, _scheme = _scores(request, period)
    rows: list[list[object]] = [
        [
            score.department.group,
            score.rank,
            score.department.name,
            f"{score.rate}%" if score.rate is not None else "—",
            score.total,
            line.task,
            line.period,
            line.rule_label,
            line.points,
            line.evidence,
        ]
        for score in scores
        for line in score.lines
    ]
    title = f"{period.plan.government.name}{period}绩效考核得分"
    return internal_download(
        data=render_rows_xlsx(title=title, header=EXPORT_HEADER, rows=rows),
        fmt="xlsx",
        name=title,
        fallback=f"appraisal-{period.pk}",
        actor=request.user,
        verb=AuditVerb.RANKING_EXPORT,
        target=period,
        after={"units": len(scores), "rows": len(rows)},
    )


@permission_required(can_view_ranking)
def scheme(request: HttpRequest, plan_pk: int) -> HttpResponse:
    """The plan's scoring values with their defaults and sources; the office admin edits."""
    plan = plan_get_for(user=request.user, pk=plan_pk)
    if plan is None:
        raise Http404
    current = scoring_scheme_get_or_create(plan=plan, actor=request.user)
    editable = can_edit_scheme(request.user)
    if request.method == "POST":
        if not editable:
            raise PermissionDenied
        form = ScoringSchemeForm(request.POST, instance=current)
        if form.is_valid():
            values = {name: form.cleaned_data[name] for name in VALUE_FIELDS}
            try:
                saved = scoring_scheme_update(scheme=current, values=values, actor=request.user)
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                changed = saved.updated_at != current.updated_at
                messages.success(request, SCHEME_SAVED if changed else SCHEME_UNCHANGED)
                return redirect(reverse("appraisal:scheme", args=[plan.pk]))
    else:
        form = ScoringSchemeForm(instance=current)
    if not editable:
        for field in form.fields.values():
            field.disabled = True
    return render(
        request,
        "appraisal/scheme.html",
        {
            "plan": plan,
            "scheme": current,
            "form": form,
            "editable": editable,
            "crumbs": [("绩效考核", reverse("appraisal:ranking")), ("考核计分办法", "")],
        },
    )
