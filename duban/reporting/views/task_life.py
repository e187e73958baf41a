"""The office's ledger edits and the change requests (调整 / 延期申请) on the task pages.

Thin: each form goes to one service of `duban.ledger.services`; the services check the rules
and the transition table, these pages show the outcome.
"""

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse

from duban.core import evidence
from duban.core.exceptions import DomainError
from duban.core.views import permission_required
from duban.ledger import workflow
from duban.ledger.models import ChangeRequest, ChangeRequestAttachment, KeyTask, Milestone
from duban.ledger.permissions import (
    can_manage_ledger,
    can_request_change,
    can_view_ledger,
    change_capacities,
)
from duban.ledger.selectors import (
    change_request_get_for,
    key_task_get_for,
    plan_get_for,
    plan_list_for,
)
from duban.ledger.services import (
    ChangeAsked,
    change_request_act,
    change_request_create,
    key_task_create,
    key_task_edit,
    key_task_merge,
    key_task_retire,
    key_task_split,
    key_task_units_set,
    milestone_add,
    milestone_delete,
)
from duban.orgs.models import Department
from duban.orgs.selectors import DepartmentDirectory

from ..task_forms import (
    ChangeActForm,
    ChangeRequestForm,
    MilestoneForm,
    TaskCreateForm,
    TaskEditForm,
    TaskMergeForm,
    TaskRetireForm,
    TaskSplitForm,
    TaskUnitsForm,
)

TASK_SAVED = "任务「{task}」已保存。"
CHANGE_SENT = "调整申请已提交,等待督查室核实。"
CHANGE_DONE = "调整申请已{action}。"
UNIT_UNKNOWN = "找不到单位「{name}」,请先在单位管理中新增或设置别名。"


def _task_or_404(request: HttpRequest, pk: int) -> KeyTask:
    task = key_task_get_for(user=request.user, pk=pk)
    if task is None:
        raise Http404
    return task


@permission_required(can_manage_ledger)
def task_create(request: HttpRequest) -> HttpResponse:
    """新增任务: a numbered task at the end of the chosen plan."""
    raw = request.POST.get("plan") or request.GET.get("plan", "")
    plans = plan_list_for(user=request.user)
    plan = plan_get_for(user=request.user, pk=int(raw)) if raw.isdigit() else plans.first()
    if plan is None:
        raise Http404
    units = Department.objects.filter(government=plan.government).order_by("sort_order", "id")
    form = TaskCreateForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            task = key_task_create(
                plan=plan,
                text=data["text"],
                departments=form.ordered_units(),
                targets_text=data["targets_text"],
                deadline=data["deadline"],
                deadline_text=data["deadline_text"],
                leader=data["leader"],
                actor=request.user,
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, TASK_SAVED.format(task=task.seq))
            return redirect("reporting:task_detail", pk=task.pk)
    crumbs = [("任务台账", reverse("reporting:task_list")), ("新增任务", "")]
    return render(
        request,
        "reporting/task_create.html",
        {"form": form, "plan": plan, "plans": plans, "crumbs": crumbs},
    )


def _edit_forms(task: KeyTask, data: "dict[str, object] | None" = None) -> dict[str, object]:
    others = KeyTask.objects.filter(plan=task.plan, state=KeyTask.State.ACTIVE).exclude(pk=task.pk)
    return {
        "edit": TaskEditForm(
            initial={
                "text": task.text,
                "targets_text": task.targets_text,
                "deadline": task.deadline,
                "deadline_text": task.deadline_text,
                "leader": task.leader,
                "remarks": task.remarks,
            }
        ),
        "units": TaskUnitsForm(
            initial={"units": "\n".join(r.department.name for r in task.responsibilities.all())}
        ),
        "milestone": MilestoneForm(),
        "split": TaskSplitForm(),
        "merge": TaskMergeForm(tasks=others),
        "retire": TaskRetireForm(),
    }


@permission_required(can_manage_ledger)
def task_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """修改任务: the task's fields, units (ordered, first = lead), milestones, split, merge,
    retire — each form posts its `op` here and goes to its own service."""
    task = _task_or_404(request, pk)
    forms = _edit_forms(task)
    if request.method == "POST":
        op = request.POST.get("op", "")
        try:
            done = _apply(request, task, op, forms)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            if done is not None:
                messages.success(request, TASK_SAVED.format(task=task.seq or "子项"))
                return redirect(done)
    crumbs = [
        ("任务台账", reverse("reporting:task_list")),
        (f"任务 {task.seq or '子项'}", reverse("reporting:task_detail", args=[task.pk])),
        ("修改", ""),
    ]
    return render(
        request, "reporting/task_edit.html", {"task": task, "forms": forms, "crumbs": crumbs}
    )


def _apply(request: HttpRequest, task: KeyTask, op: str, forms: dict[str, object]) -> str | None:
    """Run the service for `op`; the URL to go to, or None with the bound form kept."""
    user, post = request.user, request.POST
    here = reverse("reporting:task_detail", args=[task.pk])
    if op == "edit":
        form = forms["edit"] = TaskEditForm(post)
        if not form.is_valid():
            return None
        data = form.cleaned_data
        key_task_edit(
            task=task,
            text=data["text"],
            targets_text=data["targets_text"],
            deadline=data["deadline"],
            deadline_text=data["deadline_text"],
            leader=data["leader"],
            remarks=data["remarks"],
            reason=data["reason"],
            actor=user,
        )
        return here
    if op == "units":
        units_form = forms["units"] = TaskUnitsForm(post)
        if not units_form.is_valid():
            return None
        directory = DepartmentDirectory.for_government(task.plan.government)
        units = []
        for name in (line.strip() for line in units_form.cleaned_data["units"].splitlines()):
            if not name:
                continue
            unit = directory.resolve(name)
            if unit is None:
                raise DomainError(UNIT_UNKNOWN.format(name=name))
            units.append(unit)
        key_task_units_set(task=task, departments=units, actor=user)
        return here
    if op == "milestone":
        step = forms["milestone"] = MilestoneForm(post)
        if not step.is_valid():
            return None
        milestone_add(task=task, **step.cleaned_data, actor=user)
        return here
    if op == "milestone_delete":
        milestone = Milestone.objects.filter(task=task, pk=post.get("milestone", "0") or 0).first()
        if milestone is None:
            raise Http404
        milestone_delete(milestone=milestone, actor=user)
        return here
    if op == "split":
        split = forms["split"] = TaskSplitForm(post)
        if not split.is_valid():
            return None
        key_task_split(task=task, parts=split.cleaned_data["parts"].splitlines(), actor=user)
        return here
    if op == "merge":
        merge = TaskMergeForm(post, tasks=forms["merge"].fields["into"].queryset)  # type: ignore[attr-defined]
        forms["merge"] = merge
        if not merge.is_valid():
            return None
        into = merge.cleaned_data["into"]
        key_task_merge(task=task, into=into, reason=merge.cleaned_data["reason"], actor=user)
        return reverse("reporting:task_detail", args=[into.pk])
    if op == "retire":
        retire = forms["retire"] = TaskRetireForm(post)
        if not retire.is_valid():
            return None
        key_task_retire(task=task, reason=retire.cleaned_data["reason"], actor=user)
        return here
    return None


@permission_required(can_view_ledger)
def change_request_new(request: HttpRequest, pk: int) -> HttpResponse:
    """调整 / 延期申请: the lead department states the baseline it asks for, why, and evidence."""
    task = _task_or_404(request, pk)
    if not can_request_change(request.user, task):
        raise Http404
    initial = {
        "text": task.text,
        "targets_text": task.targets_text,
        "deadline": task.deadline,
        "deadline_text": task.deadline_text,
    }
    form = ChangeRequestForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            files = [
                (f.name or "附件", evidence.read_upload(f)) for f in request.FILES.getlist("files")
            ]
            change_request_create(
                task=task,
                asked=ChangeAsked(
                    text=data["text"],
                    targets_text=data["targets_text"],
                    deadline=data["deadline"],
                    deadline_text=data["deadline_text"],
                    reason=data["reason"],
                ),
                evidence_files=files,
                actor=request.user,
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, CHANGE_SENT)
            return redirect("reporting:task_detail", pk=task.pk)
    crumbs = [
        ("任务台账", reverse("reporting:task_list")),
        (f"任务 {task.seq or '子项'}", reverse("reporting:task_detail", args=[task.pk])),
        ("调整申请", ""),
    ]
    return render(
        request, "reporting/change_request_new.html", {"task": task, "form": form, "crumbs": crumbs}
    )


def _change_or_404(request: HttpRequest, pk: int) -> ChangeRequest:
    change = change_request_get_for(user=request.user, pk=pk)
    if change is None:
        raise Http404
    return change


@permission_required(can_view_ledger)
def change_request_act_view(request: HttpRequest, pk: int) -> HttpResponseBase:
    """核实 / 批准 / 不予批准 / 撤回 (POST `action`, `note`); the service checks who may."""
    change = _change_or_404(request, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    action = request.POST.get("action", "")
    form = ChangeActForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        change_request_act(change_request=change, action=action, note=note, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, CHANGE_DONE.format(action=workflow.ACTION_LABELS[action]))
    return redirect(reverse("reporting:task_detail", args=[change.task_id]) + "#changes")


@permission_required(can_view_ledger)
def change_evidence_download(request: HttpRequest, pk: int, attachment_id: int) -> FileResponse:
    """Evidence of a change request, to users who may see the task."""
    change = _change_or_404(request, pk)
    attachment = ChangeRequestAttachment.objects.filter(
        change_request=change, pk=attachment_id
    ).first()
    if attachment is None:
        raise Http404
    return FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )


def change_actions_for(user: object, change: ChangeRequest) -> list[tuple[str, str]]:
    """(action, label) the user may take on `change` now, for the task page's buttons."""
    capacities = change_capacities(user, change.task)
    return [
        (t.action, workflow.ACTION_LABELS[t.action])
        for t in workflow.actions_from(change.state, capacities)
    ]
