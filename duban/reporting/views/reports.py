"""我的任务 / 审核队列, the report page (edit, submit, approve, return), diffs, attachments."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from duban.core import evidence
from duban.core.exceptions import DomainError
from duban.core.status import get_profile
from duban.core.views import permission_required
from duban.ledger.permissions import can_view_ledger
from duban.reporting.permissions import can_use_inbox

from .. import workflow
from ..checks import report_findings
from ..diff import text_diff
from ..forms import (
    AttachmentForm,
    ContributionForm,
    FigureFormSet,
    ReportForm,
    figures_from,
)
from ..inbox import inbox_todos
from ..models import ProgressReport, ReportAttachment
from ..permissions import can_contribute, can_view_report, capacities
from ..selectors import figure_rows_initial, forecast_of, inbox_for, previous_report, report_get_for
from ..services.reports import (
    StaleVersionError,
    report_act,
    report_attach,
    report_contribute,
    report_save,
)

CONTRIBUTION_TODO = "待报送配合情况"
ALREADY_SUBMITTED = "该报告已经提交,无需重复提交。"
SAVED_BEFORE_UPLOAD = "已先保存填写的内容。"


@permission_required(can_use_inbox)
def inbox(request: HttpRequest) -> HttpResponse:
    """我的任务 for a department, 审核队列 for the office."""
    today = timezone.localdate()
    items = inbox_for(user=request.user, today=today)
    todos = inbox_todos(user=request.user, today=today)
    return render(
        request,
        "reporting/inbox.html",
        {
            "items": items,
            "todos": todos,
            "count": len(items) + len(todos),
            "contribution_todo": CONTRIBUTION_TODO,
            "overdue": sum(1 for i in items if i.overdue) + sum(1 for t in todos if t.overdue),
            "returned": sum(1 for i in items if i.returned),
            "crumbs": [("我的任务", "")],
        },
    )


def _report_or_404(request: HttpRequest, pk: int) -> ProgressReport:
    report = report_get_for(user=request.user, pk=pk)
    if report is None or not can_view_report(request.user, report):
        raise Http404
    return report


@permission_required(can_view_ledger)
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A report with what the user may do to it now."""
    report = _report_or_404(request, pk)
    held = capacities(request.user, report) if report.period.is_open else frozenset()
    editable = workflow.find_transition(report.state, "save") is not None and (
        workflow.LIAISON in held
    )
    form = ReportForm(
        initial={
            "version": report.version,
            "progress": report.progress,
            "problems": report.problems,
            "next_steps": report.next_steps,
            "self_status": report.self_status,
            "forecast": report.forecast,
            "forecast_figure": report.forecast_figure,
            "forecast_unit": report.forecast_unit,
        }
    )
    figures = FigureFormSet(initial=figure_rows_initial(report=report), prefix="fig")
    conflict = False
    if request.method == "POST":
        action = request.POST.get("action", "")
        # Uploading from the editing form carries the typed text: it is saved first, so an
        # upload never throws away what was typed (the file is kept only once the text is).
        if action == "save" or (action in {"submit", "attach"} and "progress" in request.POST):
            form = ReportForm(request.POST)
            figures = FigureFormSet(request.POST, prefix="fig")
            if form.is_valid() and figures.is_valid():
                try:
                    # Save and submit commit together: a submission never leaves a save
                    # behind without it, and a second click waits for the first one.
                    with transaction.atomic():
                        report_save(
                            report=report,
                            content=form.content(figures_from(figures)),
                            expected_version=form.cleaned_data["version"],
                            actor=request.user,
                        )
                        if action == "submit":
                            report_act(report=report, action="submit", actor=request.user)
                    if action == "submit":
                        messages.success(request, "已提交,等待部门负责人审核。")
                        _warn_about_quality(request, report)
                    elif action == "attach":
                        messages.success(request, SAVED_BEFORE_UPLOAD)
                        return _act(request, report, action)
                    else:
                        messages.success(request, "已保存。")
                    return redirect("reporting:report_detail", pk=pk)
                except (StaleVersionError, PermissionDenied) as error:
                    if action == "submit" and _submitted_since(report):
                        # A double click on 保存并提交: the first click already submitted it.
                        messages.info(request, ALREADY_SUBMITTED)
                        return redirect("reporting:report_detail", pk=pk)
                    if isinstance(error, PermissionDenied):
                        raise

                    # Keep what the user typed on the page beside the latest saved text; the
                    # form now carries the latest version, so saving again is a deliberate
                    # choice made after seeing the other person's change.
                    messages.error(request, error.message)
                    data = request.POST.copy()
                    data["version"] = str(error.extra["current_version"])
                    form = ReportForm(data)
                    form.is_valid()
                    conflict = True
                except DomainError as error:
                    messages.error(request, error.message)
            else:
                messages.error(request, "请检查标红的字段。")
        else:
            return _act(request, report, action)
    context = _detail_context(request, report, held, editable, form, figures)
    context["conflict"] = conflict
    return render(request, "reporting/report_detail.html", context)


def _submitted_since(report: ProgressReport) -> bool:
    """Whether the report left the editable states after this page loaded it."""
    current = ProgressReport.objects.filter(pk=report.pk).values_list("state", flat=True).first()
    return current is not None and current not in workflow.EDITABLE_STATES


def _act(request: HttpRequest, report: ProgressReport, action: str) -> HttpResponse:
    try:
        if action == "return":
            # The service checks the reason (and says so in Chinese when it is missing).
            reason = request.POST.get("reason", "")
            report_act(report=report, action="return", actor=request.user, reason=reason)
            messages.success(request, "已退回。")
        elif action in {"approve", "submit"}:
            report_act(report=report, action=action, actor=request.user)
            messages.success(request, "已通过。" if action == "approve" else "已提交。")
            if action == "submit":
                _warn_about_quality(request, report)
        elif action == "contribute":
            form = ContributionForm(request.POST)
            if not form.is_valid():
                raise DomainError("请填写「本单位报送内容」。")
            report_contribute(report=report, text=form.cleaned_data["text"], actor=request.user)
            messages.success(request, "本单位报送内容已保存。")
        elif action == "attach":
            upload = request.FILES.get("file")
            if upload is None:
                raise DomainError("请选择附件。")
            data = evidence.read_upload(upload)
            report_attach(report=report, name=upload.name or "附件", data=data, actor=request.user)
            messages.success(request, "附件已上传。")
        else:
            raise Http404
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("reporting:report_detail", pk=report.pk)


# Shown after a submission that carries quality flags; it never blocks the submission.
QUALITY_SUBMIT_WARNING = (
    "报送已提交。系统发现{count}条质量提示({names}),详见本页“报送质量提示”,"
    "如需补充可联系审核人退回修改。"
)
QUALITY_HINT = "以下提示由系统自动检查得出,仅供参考,不影响提交和审核。"


def _warn_about_quality(request: HttpRequest, report: ProgressReport) -> None:
    report.refresh_from_db()
    flags = report_findings(report)
    if flags:
        names = "、".join(flag.name for flag in flags)
        messages.warning(request, QUALITY_SUBMIT_WARNING.format(count=len(flags), names=names))


def _detail_context(
    request: HttpRequest,
    report: ProgressReport,
    held: frozenset[str],
    editable: bool,
    form: ReportForm,
    figures: Any,
) -> dict[str, Any]:
    profile = get_profile(report.task.plan.status_profile)
    # The editing form has its own "save and submit" button; the rest are review steps.
    skip = {"save", "submit"} if editable else {"save"}
    actions = [t for t in workflow.actions_from(report.state, held) if t.action not in skip]
    return {
        "report": report,
        "editable": editable,
        "form": form,
        "figures": figures,
        "actions": actions,
        "can_contribute": can_contribute(request.user, report),
        "contribution_form": ContributionForm(),
        "attachment_form": AttachmentForm(),
        "self_status_label": profile.label_for(report.self_status)
        or report.get_self_status_display(),
        "previous": previous_report(report=report),
        "forecast": forecast_of(report),
        # Shown once the report is submitted: to the department after it submits, and to
        # whoever reviews it.
        "quality_flags": report_findings(report) if report.submitted_at else [],
        "quality_hint": QUALITY_HINT,
        "overdue": workflow.is_overdue(report.state, report.period.due_date, timezone.localdate()),
        "crumbs": [("我的任务", reverse("reporting:inbox")), (str(report.task), "")],
    }


@permission_required(can_view_ledger)
def report_diff(request: HttpRequest, pk: int) -> HttpResponse:
    """Two submitted versions side by side, or this period against the previous one."""
    report = _report_or_404(request, pk)
    versions = list(report.versions.all())
    against = request.GET.get("against", "")
    if against == "previous":
        earlier = previous_report(report=report)
        if earlier is None:
            raise Http404
        old_label, old_text = f"{earlier.period.label}", earlier.progress
        new_label, new_text = f"{report.period.label}(当前)", report.progress
    else:
        numbers = {v.number: v for v in versions}
        try:
            old = numbers[int(request.GET.get("a", len(versions) - 1))]
            new = numbers[int(request.GET.get("b", len(versions)))]
        except (KeyError, ValueError) as error:
            raise Http404 from error
        old_label, old_text = f"第{old.number}次提交", old.progress
        new_label, new_text = f"第{new.number}次提交", new.progress
    return render(
        request,
        "reporting/report_diff.html",
        {
            "report": report,
            "segments": text_diff(old_text, new_text),
            "old_label": old_label,
            "new_label": new_label,
            "versions": versions,
            "crumbs": [
                ("我的任务", reverse("reporting:inbox")),
                (str(report.task), reverse("reporting:report_detail", args=[report.pk])),
                ("对比", ""),
            ],
        },
    )


@permission_required(can_view_ledger)
def attachment_download(request: HttpRequest, pk: int, attachment_id: int) -> FileResponse:
    """Attachments are served only through this view, to users who may see the report."""
    report = _report_or_404(request, pk)
    attachment = ReportAttachment.objects.filter(report=report, pk=attachment_id).first()
    if attachment is None:
        raise Http404
    return FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )
