"""Upload → preview → confirm, in the browser. The reading and writing run on the worker."""

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from duban.accounts.permissions import can_import
from duban.core.exceptions import DomainError
from duban.core.views import permission_required
from duban.orgs.models import Department
from duban.orgs.selectors import government_get

from .forms import TableUploadForm
from .models import ImportBatch, ImportStatus
from .services import import_batch_confirm, import_batch_create, progress_read

TABLE_KIND = "progress_table"
WORKING = {ImportStatus.QUEUED, ImportStatus.READING, ImportStatus.APPLYING}


@permission_required(can_import)
def batch_list(request: HttpRequest) -> HttpResponse:
    """Recent imports and the upload form."""
    if request.method == "POST":
        form = TableUploadForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            batch = import_batch_create(
                kind=TABLE_KIND,
                upload=data["file"],
                params={
                    "government": data["government"].strip(),
                    "year": data["year"],
                    "period": data["period"].strip(),
                    "as_of": data["as_of"].isoformat(),
                    "profile": data["profile"],
                },
                actor=request.user,
            )
            return redirect("imports:batch_detail", pk=batch.pk)
    else:
        form = TableUploadForm()
    batches = ImportBatch.objects.select_related("created_by")[:20]
    return render(
        request,
        "imports/batch_list.html",
        {"form": form, "batches": batches, "crumbs": [("数据导入", "")]},
    )


@permission_required(can_import)
def batch_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The preview (problems, new units to decide) and, once confirmed, the progress."""
    batch = ImportBatch.objects.filter(pk=pk).first()
    if batch is None:
        raise Http404
    if request.method == "POST":
        try:
            import_batch_confirm(
                batch=batch, decisions=_decisions(request.POST, batch), actor=request.user
            )
        except DomainError as error:
            messages.error(request, error.message)
        return redirect("imports:batch_detail", pk=batch.pk)
    done, total = progress_read(batch)
    government = government_get(name=batch.params.get("government", ""))
    units = (
        Department.objects.filter(government=government).order_by("sort_order", "id")
        if government
        else Department.objects.none()
    )
    context: dict[str, Any] = {
        "batch": batch,
        "working": batch.status in WORKING,
        "done": done,
        "total": total,
        "percent": round(100 * done / total) if total else 0,
        "needs_decision": batch.summary.get("needs_decision", []),
        "units": units,
        "crumbs": [("数据导入", reverse("imports:batch_list")), (batch.original_name, "")],
    }
    return render(request, "imports/batch_detail.html", context)


def _decisions(post: Any, batch: ImportBatch) -> dict[str, dict[str, Any]]:
    """The office's choice for each new unit name: create it, or map it to a unit (by id)."""
    decisions: dict[str, dict[str, Any]] = {}
    for index, name in enumerate(batch.summary.get("needs_decision", [])):
        choice = post.get(f"decision-{index}", "")
        if choice == "create":
            decisions[name] = {"action": "create"}
        elif choice.isdigit():
            decisions[name] = {"action": "map", "department_id": int(choice)}
    return decisions
