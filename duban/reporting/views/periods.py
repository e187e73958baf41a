"""The office's periods page: open a period for reporting, watch it fill, close it."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from duban.core.exceptions import DomainError
from duban.core.views import permission_required
from duban.ledger.selectors import plan_choose, plan_list_for
from duban.reporting.permissions import can_manage_periods, can_review

from ..forms import PeriodOpenForm
from ..selectors import period_get_for, period_list, period_report_counts
from ..services.periods import period_close, period_open


@permission_required(can_review)
def period_index(request: HttpRequest) -> HttpResponse:
    """Every period of a plan with how far its reporting got; the admin opens new ones."""
    plans = list(plan_list_for(user=request.user))
    raw_plan = request.GET.get("plan", "")
    plan = plan_choose(
        user=request.user, requested_id=int(raw_plan) if raw_plan.isdigit() else None
    )
    form = PeriodOpenForm()
    if request.method == "POST" and plan is not None:
        if not can_manage_periods(request.user):
            raise Http404
        form = PeriodOpenForm(request.POST)
        if form.is_valid():
            try:
                period = period_open(plan=plan, actor=request.user, **form.cleaned_data)
            except DomainError as error:
                messages.error(request, error.message)
            else:
                messages.success(
                    request, f"已开启「{period.label}」填报,共 {period.reports.count()} 项任务。"
                )
                return redirect(f"{request.path}?plan={plan.pk}")
    today = timezone.localdate()
    rows = (
        [(p, period_report_counts(period=p, today=today)) for p in period_list(plan=plan)]
        if plan
        else []
    )
    return render(
        request,
        "reporting/period_list.html",
        {
            "plans": plans,
            "plan": plan,
            "rows": rows,
            "form": form,
            "can_manage": can_manage_periods(request.user),
            "crumbs": [("填报期次", "")],
        },
    )


@permission_required(can_manage_periods)
def period_close_view(request: HttpRequest, pk: int) -> HttpResponse:
    period = period_get_for(user=request.user, pk=pk)
    if period is None or request.method != "POST":
        raise Http404
    period_close(period=period, actor=request.user)
    messages.success(request, f"「{period.label}」已关闭,不再接受修改。")
    return redirect(f"{reverse('reporting:period_list')}?plan={period.plan_id}")
