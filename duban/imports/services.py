"""Writes for import batches: create, decide new names, confirm. The work runs as jobs."""

from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from duban.core.audit import record_event
from duban.core.exceptions import DomainError

from .models import ImportBatch, ImportStatus
from .problems import capped
from .registry import NeedsMappingError, get_spec

NOT_READY = "该导入当前不能确认(状态:{status})。"
NOT_MAPPABLE = "该导入当前不能调整列对应(状态:{status})。"
MAPPING_INCOMPLETE = "请为每一列选择对应(共 {count} 列)。"
STILL_HAS_PROBLEMS = "文件还有{count}处问题,请修改文件后重新上传。"
UPLOAD_TOO_LARGE = "文件「{name}」超过 {limit} MB 的上限,未读取。"


def check_upload_size(upload: UploadedFile) -> None:
    """Refuse a file over DUBAN_MAX_UPLOAD_BYTES before anything reads it. The size is what
    arrived (the upload handler stops storing past the limit but counts on), so any upload
    form, and the service itself, can call this."""
    limit = settings.DUBAN_MAX_UPLOAD_BYTES
    if (upload.size or 0) > limit:
        name = upload.name or "upload"
        raise DomainError(UPLOAD_TOO_LARGE.format(name=name, limit=limit // (1024 * 1024)))


def progress_key(batch_id: int) -> str:
    return f"duban:import-progress:{batch_id}"


def progress_report(batch_id: int, done: int, total: int) -> None:
    """Publish progress outside the import's transaction, so the page can show it meanwhile."""
    cache.set(progress_key(batch_id), (done, total), timeout=3600)


def progress_read(batch: ImportBatch) -> tuple[int, int]:
    value = cache.get(progress_key(batch.pk))
    if value is None:
        return batch.progress_done, batch.progress_total
    done, total = value
    return int(done), int(total)


@transaction.atomic
def import_batch_create(
    *, kind: str, upload: UploadedFile, params: dict[str, Any], actor: Any
) -> ImportBatch:
    """Store the uploaded file and queue reading it."""
    get_spec(kind)  # an unknown kind is a programming error: fail before storing anything
    check_upload_size(upload)
    batch = ImportBatch(
        kind=kind, original_name=upload.name or "upload", params=params, created_by=actor
    )
    batch.source.save(upload.name or "upload", upload, save=False)
    batch.save()
    record_event(
        actor=actor,
        verb="imports.upload",
        target=batch,
        after={"file": batch.original_name, "params": params},
    )
    from .jobs import read_import_job

    transaction.on_commit(lambda: read_import_job.enqueue(batch.pk))
    return batch


def import_batch_read(*, batch: ImportBatch) -> ImportBatch:
    """Read and check the batch's file; the result is the preview. Writes only the batch."""
    spec = get_spec(batch.kind)
    ImportBatch.objects.filter(pk=batch.pk).update(status=ImportStatus.READING)
    try:
        result = spec.preview(batch)
    except NeedsMappingError as error:
        batch.status, batch.error = ImportStatus.NEEDS_MAPPING, error.message
        batch.summary, batch.problems = dict(error.extra), []
        batch.new_departments, batch.progress_total = [], 0
    except DomainError as error:
        batch.status, batch.error = ImportStatus.FAILED, error.message
        batch.problems = [error.message]
    else:
        # The preview lists the first problems; confirming counts them all.
        batch.summary = {**result.summary, "problem_count": len(result.problems)}
        batch.problems = capped(result.problems)
        batch.new_departments, batch.progress_total = result.new_departments, result.rows
        batch.status = ImportStatus.PREVIEW
    batch.save(
        update_fields=[
            "status",
            "error",
            "summary",
            "problems",
            "new_departments",
            "progress_total",
        ]
    )
    return batch


@transaction.atomic
def import_batch_remap(
    *, batch: ImportBatch, fields: list[str], save_as: str = "", actor: Any
) -> ImportBatch:
    """The office says what each column of the file is: read the file again that way (on the
    worker, like the first read), and, with `save_as`, keep the mapping for the next file."""
    batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.status not in {ImportStatus.NEEDS_MAPPING, ImportStatus.PREVIEW}:
        raise DomainError(NOT_MAPPABLE.format(status=batch.get_status_display()))
    columns = batch.summary.get("columns", [])
    if len(fields) != len(columns) or not all(fields):
        raise DomainError(MAPPING_INCOMPLETE.format(count=len(columns)))
    spec = get_spec(batch.kind)
    spec.layout_check(fields)
    layout = {"fields": fields, "signature": batch.summary.get("signature", [])}
    if save_as.strip():
        spec.layout_save(batch, fields, save_as.strip(), actor)
    batch.params = {**batch.params, "layout": layout, "layout_name": save_as.strip()}
    batch.status, batch.error, batch.problems = ImportStatus.QUEUED, "", []
    batch.save(update_fields=["params", "status", "error", "problems"])
    record_event(actor=actor, verb="imports.remap", target=batch, after={"layout": layout})
    from .jobs import read_import_job

    transaction.on_commit(lambda: read_import_job.enqueue(batch.pk))
    return batch


@transaction.atomic
def import_batch_confirm(
    *, batch: ImportBatch, decisions: dict[str, Any], actor: Any
) -> ImportBatch:
    """The office confirms the preview (with the decisions its kind asks for); queue writing."""
    batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.status != ImportStatus.PREVIEW:
        raise DomainError(NOT_READY.format(status=batch.get_status_display()))
    if batch.problems:
        count = batch.summary.get("problem_count", len(batch.problems))
        raise DomainError(STILL_HAS_PROBLEMS.format(count=count))
    get_spec(batch.kind).decisions_check(batch, decisions)
    batch.decisions = decisions
    batch.status = ImportStatus.APPLYING
    batch.save(update_fields=["decisions", "status"])
    record_event(actor=actor, verb="imports.confirm", target=batch, after={"decisions": decisions})
    from .jobs import apply_import_job

    transaction.on_commit(lambda: apply_import_job.enqueue(batch.pk))
    return batch


def import_batch_apply(*, batch: ImportBatch) -> ImportBatch:
    """Write the confirmed batch (all or nothing) and record how it went."""
    spec = get_spec(batch.kind)
    try:
        summary = spec.apply(batch, lambda done, total: progress_report(batch.pk, done, total))
    except DomainError as error:
        batch.status, batch.error = ImportStatus.FAILED, error.message
        batch.problems = capped(list(error.extra.get("problems", []))) or [error.message]
    else:
        batch.status = ImportStatus.APPLIED
        batch.summary = {**batch.summary, **summary}
        batch.progress_done = batch.progress_total
    batch.finished_at = timezone.now()
    batch.save(
        update_fields=["status", "error", "problems", "summary", "progress_done", "finished_at"]
    )
    return batch
