"""A task's closure page (办结 / 销号): the application with its evidence, and the steps the
table lets the user take now."""

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from duban.core import evidence
from duban.core.exceptions import DomainError
from duban.core.views import permission_required
from duban.ledger.models import KeyTask
from duban.ledger.permissions import can_view_ledger
from duban.ledger.selectors import key_task_get_for

from .. import closure_workflow as flow
from ..models import ClosureAttachment, TaskClosure
from ..permissions import closure_actions
from ..selectors import closure_current, closure_history
from ..services.closure import closure_act, closure_apply

APPLIED_MESSAGE = "销号申请已提交,等待督查室核实。"
ACTED_MESSAGES = {
    flow.VERIFY: "已核实,等待领导确认。",
    flow.CONFIRM: "已确认销号,任务计为已完成。",
    flow.REJECT: "已退回销号申请。",
    flow.REOPEN: "任务已重启,恢复填报。",
}


def _task_or_404(request: HttpRequest, pk: int) -> KeyTask:
    task = key_task_get_for(user=request.user, pk=pk)
    if task is None:
        raise Http404
    return task


@permission_required(can_view_ledger)
def task_closure(request: HttpRequest, pk: int) -> HttpResponse:
    task = _task_or_404(request, pk)
    current = closure_current(task=task)
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == flow.APPLY:
                uploads = request.FILES.getlist("files")
                files = [(u.name or "附件", evidence.read_upload(u)) for u in uploads]
                closure_apply(
                    task=task,
                    summary=request.POST.get("summary", ""),
                    files=files,
                    actor=request.user,
                )
                messages.success(request, APPLIED_MESSAGE)
            elif action in ACTED_MESSAGES and current is not None:
                closure_act(
                    closure=current,
                    action=action,
                    actor=request.user,
                    note=request.POST.get("note", ""),
                )
                messages.success(request, ACTED_MESSAGES[action])
            else:
                raise Http404
        except DomainError as error:
            messages.error(request, error.message)
        return redirect("reporting:task_closure", pk=task.pk)
    actions = [
        t
        for t in flow.TRANSITIONS
        if t.action in closure_actions(request.user, task, current)
        and t.source == (current.state if current else flow.NONE)
    ]
    return render(
        request,
        "reporting/task_closure.html",
        {
            "task": task,
            "current": current,
            "history": closure_history(task=task),
            "actions": actions,
            "labels": flow.ACTION_LABELS,
            "crumbs": [
                ("任务台账", reverse("reporting:task_list")),
                (f"任务 {task.seq or '子项'}", reverse("reporting:task_detail", args=[task.pk])),
                ("办结销号", ""),
            ],
        },
    )


@permission_required(can_view_ledger)
def closure_attachment_download(request: HttpRequest, pk: int, attachment_id: int) -> FileResponse:
    """Closure evidence is served only through this view, to users who may see the task."""
    task = _task_or_404(request, pk)
    attachment = ClosureAttachment.objects.filter(
        closure__in=TaskClosure.objects.filter(task=task), pk=attachment_id
    ).first()
    if attachment is None:
        raise Http404
    return FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )
