"""The progress table as an import kind of the generic import machinery (web uploads)."""

import datetime
from collections.abc import Callable
from typing import Any

from duban.core.exceptions import DomainError
from duban.core.status import get_profile
from duban.imports.models import ImportBatch
from duban.imports.readers import ReadError
from duban.imports.registry import ImportSpec, PreviewResult
from duban.orgs.selectors import DepartmentDirectory, government_get

from .imports import TablePreview
from .services.table import DepartmentDecision, progress_table_apply, progress_table_preview

KIND = "progress_table"


def _preview(batch: ImportBatch) -> TablePreview:
    params = batch.params
    with batch.source.open("rb") as handle:
        data = handle.read()
    try:
        return progress_table_preview(
            name=batch.original_name,
            data=data,
            government_name=params["government"],
            profile=get_profile(params.get("profile", "jiaxing")),
        )
    except ReadError as error:
        raise DomainError(str(error)) from error


def needs_decision(preview: TablePreview, government_name: str) -> list[str]:
    """New names the office must decide on; none when the import founds an empty tree."""
    directory = DepartmentDirectory.for_government(government_get(name=government_name))
    return [] if directory.is_empty else list(preview.new_departments)


def preview_batch(batch: ImportBatch) -> PreviewResult:
    preview = _preview(batch)
    summary = preview.summary()
    summary["needs_decision"] = needs_decision(preview, batch.params["government"])
    return PreviewResult(
        summary=summary,
        problems=list(preview.problems),
        new_departments=list(preview.new_departments),
        rows=len(preview.drafts),
    )


def apply_batch(batch: ImportBatch, on_progress: Callable[[int, int], None]) -> dict[str, Any]:
    params = batch.params
    preview = _preview(batch)
    decisions = {
        name: DepartmentDecision(action=d["action"], department_id=d.get("department_id"))
        for name, d in batch.decisions.items()
    }
    result = progress_table_apply(
        preview=preview,
        government_name=params["government"],
        year=int(params["year"]),
        period_label=params["period"],
        as_of=datetime.date.fromisoformat(params["as_of"]),
        decisions=decisions,
        status_profile=params.get("profile", "jiaxing"),
        actor=batch.created_by,
        on_progress=on_progress,
    )
    return {
        "applied": True,
        "period_id": result.period.pk,
        "created_departments": result.created_departments,
        "aliased_departments": result.aliased_departments,
        "tasks_created": result.tasks_created,
        "tasks_updated": result.tasks_updated,
    }


SPEC = ImportSpec(label="进展情况表", preview=preview_batch, apply=apply_batch)
