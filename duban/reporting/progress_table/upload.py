"""The progress table as a kind of the generic import machinery (web uploads).

The upload page asks for `TableParamsForm`; the worker's preview and apply both go through
the driver; the preview page shows `batch_preview.html` with the units a new name may be
mapped to, and the office's choices come back as `DepartmentDecision`s (stored as JSON).
"""

import datetime
from collections.abc import Callable, Mapping
from typing import Any

from django import forms
from django.db.models import Q

from duban.accounts.permissions import can_import
from duban.accounts.selectors import no_government_yet
from duban.core.exceptions import DomainError
from duban.core.status import PROFILE_CHOICES, get_profile
from duban.imports.models import ImportBatch
from duban.imports.readers import ReadError
from duban.imports.readers.base import is_layout_error
from duban.imports.readers.layout import ColumnLayout
from duban.imports.registry import ImportParamsForm, ImportSpec, NeedsMappingError, PreviewResult
from duban.orgs.models import Department
from duban.orgs.selectors import (
    government_get,
    government_of,
)

from .apply import ROW_CONFLICTING, ROW_NEW, ROW_UPDATED
from .columns import MAPPING_CHOICES, table_hints
from .decisions import decision_from_choice, decisions_from_json, undecided
from .driver import TableImportOutcome, progress_table_load
from .layouts import file_sample, layout_check, table_layout_save
from .matching import CONFLICT_ACTIONS, CONFLICT_LABELS
from .title_check import title_warnings

KIND = "progress_table"
UNDECIDED = "还有{count}个新单位未确认:{names}"
CONFLICT_UNDECIDED = "{where}与已有任务序号相同但内容不同:请选择更新该任务、作为新任务或跳过此行。"
STATUS_WORD_UNDECIDED = "请为进展状态「{word}」选择对应的状态。"
STATUS_WORD_NOT_IN_PLAN = "进展状态「{word}」只能对应到本计划的状态词:{vocabulary}。"
AS_OF_OUTSIDE_YEAR = "截至日期应在所选年度内。"
# Decision 0030: an office imports its own government's tables only.
NO_GOVERNMENT = "本账号尚未指定所属政府,不能导入。请系统管理员在「系统管理」中为账号指定所属政府。"


class TableParamsForm(ImportParamsForm):
    government = forms.CharField(
        label="政府", max_length=50, help_text="首次导入时填写,如 嘉兴市;此后固定为本账号所属政府"
    )
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    period = forms.CharField(label="期次", max_length=32, help_text="如 上半年、1-9月")
    as_of = forms.DateField(label="截至日期", widget=forms.DateInput(attrs={"type": "date"}))
    profile = forms.ChoiceField(label="状态口径", choices=PROFILE_CHOICES, initial="jiaxing")

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        own = government_of(user=user)
        self.refused = own is None and not no_government_yet()
        if own is not None:
            # The office's own government, whatever the form posts: a disabled field keeps
            # its initial value.
            field = self.fields["government"]
            field.initial, field.disabled, field.help_text = own.name, True, ""

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.refused:
            raise forms.ValidationError(NO_GOVERNMENT)
        as_of, year = data.get("as_of"), data.get("year")
        if isinstance(as_of, datetime.date) and isinstance(year, int) and as_of.year != year:
            self.add_error("as_of", AS_OF_OUTSIDE_YEAR)
        return data

    def params(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "government": data["government"].strip(),
            "year": data["year"],
            "period": data["period"].strip(),
            "as_of": data["as_of"].isoformat(),
            "profile": data["profile"],
        }


def describe(params: Mapping[str, Any]) -> str:
    return (
        f"{params.get('government', '')} {params.get('year', '')}年{params.get('period', '')}"
        f"(截至 {params.get('as_of', '')})"
    )


def _import(
    batch: ImportBatch,
    *,
    dry_run: bool,
    on_progress: Callable[[int, int], None] | None = None,
) -> TableImportOutcome:
    params = batch.params
    data = _file_bytes(batch)
    layout = ColumnLayout.from_json(params["layout"]) if params.get("layout") else None
    try:
        return progress_table_load(
            name=batch.original_name,
            data=data,
            government=params["government"],
            year=int(params["year"]),
            period=params["period"],
            as_of=datetime.date.fromisoformat(params["as_of"]),
            profile=params.get("profile", "jiaxing"),
            decisions=decisions_from_json(batch.decisions.get("departments", {})),
            status_words=batch.decisions.get("status_words") or None,
            on_conflict=batch.decisions.get("conflicts") or None,
            layout=layout,
            layout_name=params.get("layout_name", ""),
            dry_run=dry_run,
            actor=batch.created_by,
            on_progress=on_progress,
        )
    except ReadError as error:
        if is_layout_error(error):
            sample = _columns_sample(batch.original_name, data)
            if sample:
                raise NeedsMappingError(str(error), sample) from error
        raise DomainError(str(error)) from error


def _file_bytes(batch: ImportBatch) -> bytes:
    with batch.source.open("rb") as handle:
        return handle.read()


def _columns_sample(name: str, data: bytes) -> dict[str, Any]:
    """What the mapping step shows (each column, its first cells); {} for a file without a grid."""
    from duban.orgs.selectors import DepartmentDirectory

    sample = file_sample(name, data)
    if sample is None:
        return {}
    hints = table_hints(DepartmentDirectory(government=None))
    return {"columns": sample.columns(hints), "signature": list(sample.signature)}


def preview_batch(batch: ImportBatch) -> PreviewResult:
    outcome = _import(batch, dry_run=True)
    preview = outcome.preview
    summary = preview.summary()
    summary["needs_decision"] = outcome.undecided_departments
    summary.update(_columns_sample(batch.original_name, _file_bytes(batch)))
    summary["table"] = rows_as_read(outcome)
    summary["conflicts"] = outcome.conflicts
    params = batch.params
    summary["title_warnings"] = title_warnings(
        preview.meta.get("title", ""),
        government=params.get("government", ""),
        year=int(params.get("year", 0)),
        period=params.get("period", ""),
    )
    # The mapping the file was read with (the office's, or a saved layout), shown again when
    # the office opens the step once more.
    chosen = preview.layout_fields
    if chosen:
        for column, field_name in zip(summary.get("columns", []), chosen, strict=False):
            column["guess"] = field_name
    return PreviewResult(
        summary=summary,
        problems=list(preview.problems),
        new_departments=list(preview.new_departments),
        rows=len(preview.drafts),
    )


def apply_batch(batch: ImportBatch, on_progress: Callable[[int, int], None]) -> dict[str, Any]:
    outcome = _import(batch, dry_run=False, on_progress=on_progress)
    if not outcome.applied:
        raise outcome.refusal()
    return {
        "applied": True,
        "period_id": outcome.period.pk if outcome.period else None,
        "created_departments": outcome.created_departments,
        "aliased_departments": outcome.aliased_departments,
        "tasks_created": outcome.tasks_created,
        "tasks_updated": outcome.tasks_updated,
    }


def preview_context(batch: ImportBatch) -> dict[str, Any]:
    """The names to decide and the government's units a name may be mapped to; the printed
    status words to confirm, each with its default and the plan's statuses to choose from."""
    government = government_get(name=batch.params.get("government", ""))
    units = (
        Department.objects.filter(government=government).order_by("sort_order", "id")
        if government
        else Department.objects.none()
    )
    profile = get_profile(batch.params.get("profile", "jiaxing"))
    return {
        "needs_decision": batch.summary.get("needs_decision", []),
        "units": units,
        "status_words": list(batch.summary.get("status_words", {}).items()),
        "conflicts": batch.summary.get("conflicts", []),
        "conflict_actions": list(CONFLICT_LABELS.items()),
        "plan_statuses": list(profile.labels.items()),
    }


def decisions_from_post(post: Mapping[str, str], batch: ImportBatch) -> dict[str, Any]:
    """The office's choice for each name and each printed status word, as the batch stores
    it (JSON)."""
    departments: dict[str, Any] = {}
    for index, name in enumerate(batch.summary.get("needs_decision", [])):
        decision = decision_from_choice(post.get(f"decision-{index}", ""))
        if decision is not None:
            departments[name] = decision.to_json()
    words = {
        word: post.get(f"status-word-{index}", "")
        for index, word in enumerate(batch.summary.get("status_words", {}))
    }
    conflicts = {
        conflict["seq"]: post.get(f"conflict-{index}", "")
        for index, conflict in enumerate(batch.summary.get("conflicts", []))
    }
    return {"departments": departments, "status_words": words, "conflicts": conflicts}


def decisions_check(batch: ImportBatch, decisions: dict[str, Any]) -> None:
    missing = undecided(batch.summary.get("needs_decision", []), decisions.get("departments", {}))
    if missing:
        raise DomainError(UNDECIDED.format(count=len(missing), names="、".join(missing)))
    actions = decisions.get("conflicts", {})
    for conflict in batch.summary.get("conflicts", []):
        if actions.get(conflict["seq"]) not in CONFLICT_ACTIONS:
            raise DomainError(CONFLICT_UNDECIDED.format(where=conflict["where"]))
    profile = get_profile(batch.params.get("profile", "jiaxing"))
    chosen = decisions.get("status_words", {})
    for word in batch.summary.get("status_words", {}):
        status = chosen.get(word, "")
        if not status:
            raise DomainError(STATUS_WORD_UNDECIDED.format(word=word))
        if not profile.label_for(status):
            raise DomainError(
                STATUS_WORD_NOT_IN_PLAN.format(word=word, vocabulary="、".join(profile.vocabulary))
            )


# The page shows a cell's beginning: the batch keeps no more of it (10,000 rows fit).
CELL_SHOWN = 200
ROW_MARKS = {ROW_NEW: "新任务", ROW_UPDATED: "更新", ROW_CONFLICTING: "冲突"}


def rows_as_read(outcome: TableImportOutcome) -> dict[str, Any]:
    """The rows as the preview page shows them: cells, problems at their column, what each
    would do to the plan; and the counts ("共 5 行,其中 1 行有问题")."""
    preview = outcome.preview
    rows = []
    for read in preview.rows_read:
        draft = read["draft"]
        mark = outcome.row_marks[draft] if draft is not None and outcome.row_marks else ""
        by_column: dict[int, list[str]] = {}
        for problem in read["problems"]:
            if problem["column"] is not None:
                by_column.setdefault(problem["column"], []).append(problem["message"])
        rows.append(
            {
                "number": read["number"],
                "cells": [
                    {"text": text[:CELL_SHOWN], "problems": by_column.get(index, [])}
                    for index, text in enumerate(read["cells"])
                ],
                "row_problems": [p["message"] for p in read["problems"] if p["column"] is None],
                "has_problem": bool(read["problems"]),
                "mark": mark,
                "mark_label": ROW_MARKS.get(mark, ""),
            }
        )
    return {
        "columns": preview.columns,
        "rows": rows,
        "count": len(rows),
        "with_problems": sum(1 for r in rows if r["has_problem"]),
    }


def visible_to(user: Any) -> Q:
    """The office sees its own government's imports (and the ones it uploaded); before the
    first import founds a government, all of them."""
    own = government_of(user=user)
    if own is None:
        return Q() if no_government_yet() else Q(created_by_id=getattr(user, "pk", None))
    return Q(created_by_id=user.pk) | Q(params__government=own.name)


def layout_save(batch: ImportBatch, fields: list[str], name: str, actor: Any) -> None:
    layout = ColumnLayout(fields=tuple(fields), signature=tuple(batch.summary.get("signature", [])))
    table_layout_save(
        government_name=batch.params.get("government", ""), name=name, layout=layout, actor=actor
    )


SPEC = ImportSpec(
    label="进展情况表",
    preview=preview_batch,
    apply=apply_batch,
    may_import=can_import,
    params_form=TableParamsForm,
    describe=describe,
    preview_template="reporting/progress_table/batch_preview.html",
    preview_context=preview_context,
    decisions_from_post=decisions_from_post,
    decisions_check=decisions_check,
    mapping_choices=MAPPING_CHOICES,
    layout_check=layout_check,
    layout_save=layout_save,
    visible_to=visible_to,
)
