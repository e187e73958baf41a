"""Upload → preview → confirm, in the browser. The reading and writing run on the worker.

Nothing here knows a kind of file: the registered `ImportSpec` brings its parameters form,
its permission, and its fragment of the preview page.
"""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from duban.core.exceptions import DomainError
from duban.core.views import permission_required

from .forms import UploadForm
from .models import ImportBatch, ImportStatus
from .registry import (
    ImportParamsForm,
    ImportSpec,
    batches_visible_to,
    get_spec,
    kinds,
    may_import_any,
)
from .services import (
    import_batch_confirm,
    import_batch_create,
    import_batch_remap,
    progress_read,
)

ROWS_PER_PAGE = 50
WORKING = {ImportStatus.QUEUED, ImportStatus.READING, ImportStatus.APPLYING}


@permission_required(may_import_any)
def batch_list(request: HttpRequest) -> HttpResponse:
    """Recent imports and an upload form for each kind the user may import."""
    allowed = {kind: spec for kind, spec in kinds().items() if spec.may_import(request.user)}
    forms: dict[str, tuple[UploadForm, ImportParamsForm]] = {
        kind: (UploadForm(), spec.params_form(user=request.user)) for kind, spec in allowed.items()
    }
    if request.method == "POST":
        kind = request.POST.get("kind") or next(iter(allowed))
        if kind not in allowed:
            raise PermissionDenied
        upload = UploadForm(request.POST, request.FILES)
        params = allowed[kind].params_form(request.POST, user=request.user)
        if upload.is_valid() and params.is_valid():
            try:
                batch = import_batch_create(
                    kind=kind,
                    upload=upload.cleaned_data["file"],
                    params=params.params(),
                    actor=request.user,
                )
            except DomainError as error:  # the file store refused it (config/storage.py)
                upload.add_error(None, error.message)
            else:
                return redirect("imports:batch_detail", pk=batch.pk)
        forms[kind] = (upload, params)
    uploads = [
        {
            "kind": kind,
            "label": allowed[kind].label,
            "fields": [*upload, *params],
            "errors": [*upload.non_field_errors(), *params.non_field_errors()],
        }
        for kind, (upload, params) in forms.items()
    ]
    batches = [
        (batch, _describe(batch))
        for batch in ImportBatch.objects.filter(batches_visible_to(request.user)).select_related(
            "created_by"
        )[:20]
    ]
    return render(
        request,
        "imports/batch_list.html",
        {"uploads": uploads, "batches": batches, "crumbs": [("数据导入", "")]},
    )


@permission_required(may_import_any)
def batch_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The preview (problems, what the kind asks the office to decide) and the progress."""
    batch = ImportBatch.objects.filter(batches_visible_to(request.user), pk=pk).first()
    if batch is None:
        raise Http404
    spec = get_spec(batch.kind)
    if not spec.may_import(request.user):
        raise PermissionDenied
    if request.method == "POST":
        try:
            if request.POST.get("action") == "remap":
                columns = batch.summary.get("columns", [])
                import_batch_remap(
                    batch=batch,
                    fields=[request.POST.get(f"column-{i}", "") for i in range(len(columns))],
                    save_as=request.POST.get("layout_name", "")
                    if request.POST.get("save_layout")
                    else "",
                    actor=request.user,
                )
            else:
                import_batch_confirm(
                    batch=batch,
                    decisions=spec.decisions_from_post(request.POST, batch),
                    actor=request.user,
                )
        except DomainError as error:
            messages.error(request, error.message)
            if request.POST.get("action") == "remap":
                return redirect(reverse("imports:batch_detail", args=[batch.pk]) + "?step=mapping")
        return redirect("imports:batch_detail", pk=batch.pk)
    table = batch.summary.get("table") or {}
    rows_page = Paginator(table.get("rows", []), ROWS_PER_PAGE).get_page(request.GET.get("page"))
    mapping = bool(spec.mapping_choices and batch.summary.get("columns")) and (
        batch.status == ImportStatus.NEEDS_MAPPING
        or (batch.status == ImportStatus.PREVIEW and request.GET.get("step") == "mapping")
    )
    context: dict[str, Any] = {
        **_progress_context(batch, spec),
        "preview_template": spec.preview_template,
        "mapping": mapping,
        "table": table,
        "rows_page": rows_page,
        "may_remap": bool(spec.mapping_choices and batch.summary.get("columns")),
        "mapping_choices": spec.mapping_choices,
        "crumbs": [("数据导入", reverse("imports:batch_list")), (batch.original_name, "")],
        **spec.preview_context(batch),
    }
    return render(request, "imports/batch_detail.html", context)


@permission_required(may_import_any)
def batch_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The progress fragment alone, polled by the import page while the worker runs."""
    batch = ImportBatch.objects.filter(batches_visible_to(request.user), pk=pk).first()
    if batch is None:
        raise Http404
    spec = get_spec(batch.kind)
    if not spec.may_import(request.user):
        raise PermissionDenied
    return render(request, "imports/batch_progress.html", _progress_context(batch, spec))


def _progress_context(batch: ImportBatch, spec: ImportSpec) -> dict[str, Any]:
    done, total = progress_read(batch)
    return {
        "batch": batch,
        "description": spec.describe(batch.params),
        "working": batch.status in WORKING,
        "done": done,
        "total": total,
        "percent": round(100 * done / total) if total else 0,
    }


def _describe(batch: ImportBatch) -> str:
    spec: ImportSpec | None = kinds().get(batch.kind)
    return spec.describe(batch.params) if spec else ""
