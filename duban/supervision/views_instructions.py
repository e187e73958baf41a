"""The instructions page of a task (领导批示): the office records, the lead department signs
and replies. Thin: authorize → form → service → redirect."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from duban.core.exceptions import DomainError
from duban.core.views import permission_required
from duban.ledger.permissions import can_view_ledger
from duban.ledger.selectors import key_task_get_for

from . import instruction_workflow as flow
from .forms import InstructionRecordForm
from .models import LeaderInstruction
from .permissions import can_record_instruction, instruction_capacities
from .selectors import instructions_for_task
from .services import instruction_record, instruction_reply, instruction_sign

RECORDED_MESSAGE = "领导批示已登记,牵头单位将在“我的任务”中看到。"
SIGNED_MESSAGE = "已签收。"
REPLIED_MESSAGE = "落实情况已回复。"


@permission_required(can_view_ledger)
def task_instructions(request: HttpRequest, pk: int) -> HttpResponse:
    task = key_task_get_for(user=request.user, pk=pk)
    if task is None:
        raise Http404
    form = InstructionRecordForm()
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "record":
                form = InstructionRecordForm(request.POST)
                if form.is_valid():
                    data = form.cleaned_data
                    instruction_record(
                        task=task,
                        text=data["text"],
                        leader=data["leader"],
                        instructed_on=data["instructed_on"],
                        reply_due=data["reply_due"],
                        actor=request.user,
                    )
                    messages.success(request, RECORDED_MESSAGE)
                    return redirect("supervision:task_instructions", pk=task.pk)
            elif action in flow.ACTIONS:
                instruction = LeaderInstruction.objects.filter(
                    task=task, pk=request.POST.get("instruction") or 0
                ).first()
                if instruction is None:
                    raise Http404
                if action == flow.SIGN:
                    instruction_sign(instruction=instruction, actor=request.user)
                    messages.success(request, SIGNED_MESSAGE)
                else:
                    instruction_reply(
                        instruction=instruction,
                        reply=request.POST.get("reply", ""),
                        actor=request.user,
                    )
                    messages.success(request, REPLIED_MESSAGE)
                return redirect("supervision:task_instructions", pk=task.pk)
            else:
                raise Http404
        except DomainError as error:
            messages.error(request, error.message)
    held = instruction_capacities(request.user, task)
    rows = [(i, flow.actions_from(i.state, held)) for i in instructions_for_task(task=task)]
    return render(
        request,
        "supervision/task_instructions.html",
        {
            "task": task,
            "rows": rows,
            "form": form if can_record_instruction(request.user) else None,
            "labels": flow.ACTION_LABELS,
            "crumbs": [
                ("任务台账", reverse("reporting:task_list")),
                (f"任务 {task.seq or '子项'}", reverse("reporting:task_detail", args=[task.pk])),
                ("领导批示", ""),
            ],
        },
    )
