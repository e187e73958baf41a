"""Pages of the supervision module: slips (list, issue, detail, actions, Word), escalation
proposals, bulletins. Thin: authorize → form → service/selector → render."""

import datetime
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models.fields.files import FieldFile
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    HttpResponseNotAllowed,
)
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from duban.assessment.kept import assessment_refresh
from duban.core import evidence
from duban.core.audit_verbs import AuditVerb
from duban.core.exceptions import DomainError
from duban.core.status import TaskStatus
from duban.core.views import permission_required
from duban.exports.download import internal_download
from duban.exports.renderers.xlsx import render_rows_xlsx
from duban.orgs.models import Department
from duban.reporting.models import ProgressReport, ReportingPeriod, StatusDecision
from duban.reporting.selectors import period_choices_for, period_choose, period_get_for

from . import workflow
from .choices import SLIP_LEVEL_COLOURS, ProposalState, SlipLevel, SlipState
from .documents import slip_docx
from .forms import (
    ProposalDecideForm,
    SlipCloseForm,
    SlipEscalateForm,
    SlipIssueForm,
    SlipReplyForm,
)
from .models import SupervisionSlip
from .permissions import (
    can_decide_proposals,
    can_issue_slip,
    can_make_bulletin,
    can_view_bulletins,
    can_view_proposals,
    can_view_slips,
    sees_every_slip,
    slip_capacities,
)
from .selectors import (
    SlipFilters,
    bulletin_get_for,
    bulletin_list,
    decided_lagging,
    decided_status,
    proposal_list,
    proposal_scope,
    slip_departments_choices,
    slip_get_for,
    slip_list_for,
    slip_predecessor,
    slip_problems,
    task_for_slip,
    tasks_for_slip_choice,
    written_problems,
)
from .services import (
    DEFAULT_REPLY_DAYS,
    DEFAULT_REQUIREMENTS,
    bulletin_create,
    bulletin_filename,
    open_slip_of,
    proposal_accept,
    proposal_dismiss,
    proposals_refresh,
    slip_close,
    slip_escalate,
    slip_issue,
    slip_reply,
    slip_sign,
)

PAGE_SIZE = 30
EXPORT_LIMIT = 10_000
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

# Messages shown after an action (asserted in tests).
ISSUED = "已下发{number}。"
ACTION_DONE = {
    workflow.SIGN: "已签收{number}。",
    workflow.REPLY: "已回复{number}。",
    workflow.CLOSE: "{number}已办结。",
    workflow.ESCALATE: "已升级为{number}。",
}
PROPOSALS_CREATED = "新增督办建议{count}条。"
PROPOSAL_ACCEPTED = "已采纳建议,{number}。"
PROPOSAL_DISMISSED = "已不采纳该建议。"
BULLETIN_CREATED = "已生成{year}年第{number}期通报。"
UNKNOWN_ACTION = "未知操作。"


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


def _read(stored: FieldFile) -> bytes:
    """A stored document's bytes (a bulletin is tens of kilobytes), closing the file."""
    with stored.open("rb") as handle:
        return handle.read()


# --- Slip list ----------------------------------------------------------------------------


@permission_required(can_view_slips)
def slip_list(request: HttpRequest) -> HttpResponse:
    """督办单 (office, leaders) / 我的督办单 (a department): filter, page, export to Excel."""
    params = request.GET
    today = timezone.localdate()
    filters = SlipFilters(
        level=params.get("level", "") if params.get("level") in SlipLevel.values else "",
        state=params.get("state", "") if params.get("state") in SlipState.values else "",
        department_id=_int(params.get("department")),
        overdue=params.get("overdue") == "1",
    )
    slips = slip_list_for(user=request.user, filters=filters, today=today)
    title = "督办单" if sees_every_slip(request.user) else "我的督办单"
    if params.get("export") == "xlsx":
        rows: list[list[object]] = [
            [
                s.number_label,
                s.get_level_display(),
                f"{s.task.seq + '. ' if s.task.seq else ''}{s.task.text}",
                "、".join(d.name for d in s.departments.all()),
                s.period.label if s.period else "",
                timezone.localtime(s.issued_at).strftime("%Y-%m-%d"),
                s.reply_deadline.isoformat(),
                s.state_label(today),
                timezone.localtime(s.signed_at).strftime("%Y-%m-%d %H:%M") if s.signed_at else "",
                timezone.localtime(s.reply_at).strftime("%Y-%m-%d %H:%M") if s.reply_at else "",
            ]
            for s in slips[:EXPORT_LIMIT]
        ]
        data = render_rows_xlsx(
            title=title,
            header=[
                "编号",
                "等级",
                "督办事项",
                "承办单位",
                "期次",
                "下发日期",
                "办理时限",
                "状态",
                "签收时间",
                "回复时间",
            ],
            rows=rows,
        )
        return internal_download(
            data=data,
            fmt="xlsx",
            name=title,
            fallback="slips",
            actor=request.user,
            verb=AuditVerb.SLIP_EXPORT,
            after={"rows": len(rows), "filters": params.dict()},
        )
    page = Paginator(slips, PAGE_SIZE).get_page(params.get("page"))
    query = params.copy()
    query.pop("page", None)
    return render(
        request,
        "supervision/slip_list.html",
        {
            "title": title,
            "page": page,
            "rows": [(s, s.is_overdue(today), s.state_label(today)) for s in page.object_list],
            "filters": filters,
            "levels": SlipLevel.choices,
            "states": SlipState.choices,
            "departments": slip_departments_choices(user=request.user),
            "query_string": query.urlencode(),
            "can_issue": can_issue_slip(request.user),
            "can_view_proposals": can_view_proposals(request.user),
            "crumbs": [(title, "")],
        },
    )


# --- Issue --------------------------------------------------------------------------------


def _prefill(task: Any, period: ReportingPeriod | None, today: datetime.date) -> dict[str, Any]:
    """The issue form's first values, from the office's decided status (not the engine's
    suggestion): 进度滞后 starts at 黄, anything else at 蓝."""
    level = SlipLevel.BLUE
    requirements = DEFAULT_REQUIREMENTS
    if period is not None:
        decision = StatusDecision.objects.filter(task=task, period=period).first()
        label, _ = decided_status(task=task, period=period)
        if decision is not None and decision.status == TaskStatus.BEHIND:
            level = SlipLevel.YELLOW
        if label:
            requirements = f"该项工作{period.label}认定状态为{label}。{DEFAULT_REQUIREMENTS}"
    lead = task.responsibilities.all()[:1]
    return {
        "level": level,
        "requirements": requirements,
        "reply_deadline": today + datetime.timedelta(days=DEFAULT_REPLY_DAYS),
        "departments": [lead[0].department_id] if lead else [],
    }


@permission_required(can_issue_slip)
def slip_issue_view(request: HttpRequest) -> HttpResponse:
    """Issue a slip in one step from a task: `?task=<id>&period=<id>` prefills the form."""
    source = request.POST if request.method == "POST" else request.GET
    task = task_for_slip(user=request.user, pk=_int(source.get("task")) or 0)
    if task is None:
        return render(
            request,
            "supervision/slip_issue.html",
            {
                "task": None,
                "tasks": tasks_for_slip_choice(user=request.user),
                "crumbs": [("督办单", reverse("supervision:slip_list")), ("下发督办单", "")],
            },
        )
    requested_period = _int(source.get("period"))
    period = (
        period_choose(user=request.user, plan=task.plan, requested_id=requested_period)
        if requested_period
        else None
    )
    departments = Department.objects.filter(
        pk__in=[r.department_id for r in task.responsibilities.all()]
    ).order_by("sort_order", "id")
    today = timezone.localdate()
    if request.method == "POST":
        form = SlipIssueForm(request.POST, departments=departments)
        if form.is_valid():
            try:
                slip = slip_issue(
                    task=task,
                    period=period,
                    level=form.cleaned_data["level"],
                    requirements=form.cleaned_data["requirements"],
                    reply_deadline=form.cleaned_data["reply_deadline"],
                    departments=list(form.cleaned_data["departments"]),
                    actor=request.user,
                )
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, ISSUED.format(number=slip.number_label))
                return redirect("supervision:slip_detail", pk=slip.pk)
    else:
        form = SlipIssueForm(initial=_prefill(task, period, today), departments=departments)
    problems, suggestion = _task_problems(task, period)
    return render(
        request,
        "supervision/slip_issue.html",
        {
            "task": task,
            "period": period,
            "form": form,
            "open_slip": open_slip_of(task),
            "problems": problems,
            "suggestion": suggestion,
            "crumbs": [("督办单", reverse("supervision:slip_list")), ("下发督办单", "")],
        },
    )


def _task_problems(task: Any, period: ReportingPeriod | None) -> tuple[list[str], list[str]]:
    """What the slip will print (the decided status, the unit's own 存在问题), and beside it
    for the office only the engine's suggestion with its working."""
    if period is None:
        return [], []
    printed = []
    label, reason = decided_status(task=task, period=period)
    if label:
        printed.append(f"{period.label}认定状态:{label}" + (f"(理由:{reason})" if reason else ""))
    report = ProgressReport.objects.filter(task=task, period=period).first()
    written = written_problems(report)
    if written:
        printed.append(f"牵头单位报送的存在问题:{written}")
    assessment = assessment_refresh(task=task, period=period)
    suggestion = (
        [f"建议状态:{assessment.label}", *[str(r) for r in assessment.reasons]]
        if assessment.is_assessable
        else []
    )
    return printed, suggestion


# --- Detail and actions ---------------------------------------------------------------------


def _slip_or_404(request: HttpRequest, pk: int) -> SupervisionSlip:
    slip = slip_get_for(user=request.user, pk=pk)
    if slip is None:
        raise Http404
    return slip


@permission_required(can_view_slips)
def slip_detail(request: HttpRequest, pk: int) -> HttpResponse:
    slip = _slip_or_404(request, pk)
    today = timezone.localdate()
    capacities = slip_capacities(request.user, slip)
    actions = {t.action for t in workflow.actions_from(slip.state, capacities)}
    return render(
        request,
        "supervision/slip_detail.html",
        {
            "slip": slip,
            "overdue": slip.is_overdue(today),
            "state_label": slip.state_label(today),
            "level_colour": SLIP_LEVEL_COLOURS[slip.level],
            "problems": slip_problems(slip),
            "predecessor": slip_predecessor(slip),
            "actions": actions,
            "reply_form": SlipReplyForm(),
            "close_form": SlipCloseForm(),
            "escalate_form": SlipEscalateForm(),
            "crumbs": [("督办单", reverse("supervision:slip_list")), (slip.number_label, "")],
        },
    )


@permission_required(can_view_slips)
def slip_act(request: HttpRequest, pk: int) -> HttpResponseBase:
    """Sign, reply, close or escalate (POST `action`); the service checks who may."""
    slip = _slip_or_404(request, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    action = request.POST.get("action", "")
    try:
        result = _act(request, slip, action)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("supervision:slip_detail", pk=slip.pk)
    messages.success(request, ACTION_DONE[action].format(number=result.number_label))
    return redirect("supervision:slip_detail", pk=result.pk)


def _act(request: HttpRequest, slip: SupervisionSlip, action: str) -> SupervisionSlip:
    user = request.user
    if action == workflow.SIGN:
        return slip_sign(slip=slip, actor=user)
    if action == workflow.REPLY:
        form = SlipReplyForm(request.POST)
        uploads = request.FILES.getlist("files")
        files = [(f.name or "附件", evidence.read_upload(f)) for f in uploads]
        reply = form.cleaned_data["reply"] if form.is_valid() else ""
        return slip_reply(slip=slip, reply=reply, files=files, actor=user)
    if action == workflow.CLOSE:
        close = SlipCloseForm(request.POST)
        note = close.cleaned_data["note"] if close.is_valid() else ""
        return slip_close(slip=slip, note=note, actor=user)
    if action == workflow.ESCALATE:
        escalate = SlipEscalateForm(request.POST)
        if not escalate.is_valid():
            raise DomainError(
                ";".join(str(e) for errors in escalate.errors.values() for e in errors)
            )
        data = escalate.cleaned_data
        return slip_escalate(
            slip=slip,
            reason=data["reason"],
            requirements=data["requirements"],
            reply_deadline=data["reply_deadline"],
            actor=user,
        )
    raise DomainError(UNKNOWN_ACTION)


@permission_required(can_view_slips)
def slip_docx_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The slip as a Word document in the official layout."""
    slip = _slip_or_404(request, pk)
    return internal_download(
        data=slip_docx(slip),
        fmt="docx",
        name=slip.number_label,
        fallback=f"slip-{slip.pk}",
        actor=request.user,
        verb=AuditVerb.SLIP_DOCX,
        target=slip,
    )


@permission_required(can_view_slips)
def slip_attachment(request: HttpRequest, pk: int, attachment_pk: int) -> FileResponse:
    slip = _slip_or_404(request, pk)
    attachment = slip.attachments.filter(pk=attachment_pk).first()
    if attachment is None:
        raise Http404
    return FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )


# --- Proposals ----------------------------------------------------------------------------


@permission_required(can_view_proposals)
def proposal_list_view(request: HttpRequest) -> HttpResponse:
    """督办建议: open ones first; beside them the period's lagging tasks, to issue a slip."""
    periods = list(period_choices_for(user=request.user))
    period = period_choose(
        user=request.user, requested_id=_int(request.GET.get("period"))
    ) or period_choose(user=request.user)
    state = request.GET.get("state", "")
    proposals = proposal_list(
        user=request.user, state=state if state in ProposalState.values else ""
    )
    lagging = decided_lagging(period=period) if period is not None else []
    page = Paginator(proposals, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "supervision/proposal_list.html",
        {
            "periods": periods,
            "period": period,
            "page": page,
            "state": state,
            "states": ProposalState.choices,
            "levels": SlipLevel.choices,
            "lagging": lagging,
            "query_string": query.urlencode(),
            "can_decide": can_decide_proposals(request.user),
            "crumbs": [("督办单", reverse("supervision:slip_list")), ("督办建议", "")],
        },
    )


@permission_required(can_decide_proposals)
@require_POST
def proposals_refresh_view(request: HttpRequest) -> HttpResponse:
    period = period_get_for(user=request.user, pk=_int(request.POST.get("period")) or 0)
    if period is None:
        raise Http404
    created = proposals_refresh(period=period, actor=request.user)
    messages.success(request, PROPOSALS_CREATED.format(count=len(created)))
    return redirect(f"{reverse('supervision:proposal_list')}?period={period.pk}")


@permission_required(can_decide_proposals)
@require_POST
def proposal_decide(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = proposal_scope(user=request.user).filter(pk=pk).first()
    if proposal is None:
        raise Http404
    form = ProposalDecideForm(request.POST)
    back = f"{reverse('supervision:proposal_list')}?period={proposal.period_id}"
    if not form.is_valid():
        messages.error(request, UNKNOWN_ACTION)
        return redirect(back)
    data = form.cleaned_data
    try:
        if data["decision"] == "accept":
            slip = proposal_accept(
                proposal=proposal,
                level=data["level"] or SlipLevel.BLUE,
                note=data["note"],
                actor=request.user,
            )
            messages.success(request, PROPOSAL_ACCEPTED.format(number=slip.number_label))
            return redirect("supervision:slip_detail", pk=slip.pk)
        proposal_dismiss(proposal=proposal, note=data["note"], actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect(back)
    messages.success(request, PROPOSAL_DISMISSED)
    return redirect(back)


# --- Bulletins ----------------------------------------------------------------------------


@permission_required(can_view_bulletins)
def bulletin_list_view(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "supervision/bulletin_list.html",
        {
            "bulletins": bulletin_list(user=request.user),
            "periods": period_choices_for(user=request.user),
            "can_make": can_make_bulletin(request.user),
            "crumbs": [("督办单", reverse("supervision:slip_list")), ("督查通报", "")],
        },
    )


@permission_required(can_make_bulletin)
@require_POST
def bulletin_create_view(request: HttpRequest) -> HttpResponse:
    period = period_get_for(user=request.user, pk=_int(request.POST.get("period")) or 0)
    if period is None:
        raise Http404
    bulletin = bulletin_create(period=period, actor=request.user)
    messages.success(request, BULLETIN_CREATED.format(year=bulletin.year, number=bulletin.number))
    return redirect("supervision:bulletin_list")


@permission_required(can_view_bulletins)
def bulletin_download(request: HttpRequest, pk: int) -> HttpResponse:
    bulletin = bulletin_get_for(user=request.user, pk=pk)
    if bulletin is None or not bulletin.file:
        raise Http404
    return internal_download(
        data=_read(bulletin.file),
        fmt="docx",
        name=bulletin_filename(bulletin).removesuffix(".docx"),
        fallback=f"bulletin-{bulletin.year}-{bulletin.number}",
        actor=request.user,
        verb=AuditVerb.BULLETIN_DOWNLOAD,
        target=bulletin,
    )
