"""The whole table checked before anything is written, and the names needing a decision."""

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from duban.core.status import StatusProfile
from duban.imports.readers import SourceTable, read_table
from duban.imports.readers.base import REPEAT_MARK, UNKNOWN_PREFIX, base_field
from duban.imports.readers.layout import ColumnLayout, read_with_layout
from duban.orgs.selectors import DepartmentDirectory, government_get

from .columns import HEADER_LABELS, table_hints
from .decisions import undecided
from .rows import ROW_DUPLICATE_SEQ, ROW_ORPHAN_SUBROW, RowDraft, leader_group, row_draft
from .status_words import status_words_to_confirm

UNKNOWN_COLUMNS_KEPT = "未识别的列随各行保留(不写入任务、进展):{headers}"
NO_PROGRESS_COLUMN = "表格没有「进展情况」列:按年初任务清单导入(任务、单位、时限、目标),不建期次。"
UNKNOWN_DEPARTMENT = "{where}:单位「{name}」不在组织机构中,需确认新建或对应到已有单位。"


@dataclass
class TablePreview:
    """Everything the office sees before confirming an import."""

    drafts: list[RowDraft]
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    new_departments: list[str] = field(default_factory=list)  # in order of appearance
    matched_departments: list[str] = field(default_factory=list)
    meta: dict[str, str] = field(default_factory=dict)
    format: str = ""
    has_progress: bool = True  # False: a start-of-year task list, the year's ledger only
    unknown_headers: list[str] = field(default_factory=list)  # kept with the rows
    layout_name: str = ""  # the saved layout the file was read with, if any
    layout_fields: list[str] = field(default_factory=list)  # the columns as that layout maps them
    # Printed status words outside the plan's vocabulary, waiting for the office: word → default.
    status_words: dict[str, str] = field(default_factory=dict)
    # The rows as read, cell by cell, each with its problems and the index of its draft.
    columns: list[str] = field(default_factory=list)
    rows_read: list[dict[str, Any]] = field(default_factory=list)

    @property
    def is_valid(self) -> bool:
        return not self.problems

    def summary(self) -> dict[str, Any]:
        statuses = Counter(d.status_label for d in self.drafts if d.status_label)
        return {
            "format": self.format,
            "rows": len(self.drafts),
            "numbered_tasks": sum(1 for d in self.drafts if d.seq),
            "sub_rows": sum(1 for d in self.drafts if not d.seq),
            "status_counts": dict(statuses.most_common()),
            "empty_status": sum(1 for d in self.drafts if not d.status_label),
            "departments": {
                "matched": len(self.matched_departments),
                "new": len(self.new_departments),
                "new_names": list(self.new_departments),
            },
            "meta": dict(self.meta),
            "has_progress": self.has_progress,
            "unknown_headers": list(self.unknown_headers),
            "warnings": list(self.warnings),
            "problems": list(self.problems),
            "layout_name": self.layout_name,
            "status_words": dict(self.status_words),
        }


def progress_table_preview(
    *,
    name: str,
    data: bytes,
    government_name: str,
    profile: StatusProfile,
    mapping: Mapping[str, str] | None = None,
    status_words: Mapping[str, str] | None = None,
    layout: ColumnLayout | None = None,
    layout_name: str = "",
) -> TablePreview:
    """Read and check a table file against the government's tree. Writes nothing.

    `mapping` (printed header → field) overrides how columns are recognised; `layout` (the
    field of each column, by position — the mapping step) replaces it, and without either the
    government's saved layout of the file's shape is used when there is one. `status_words`
    maps printed status words outside the plan's vocabulary to canonical statuses.
    Raises `duban.imports.readers.ReadError` when the file is not a table it can read.
    """
    from .layouts import layout_of, matching_layout

    government = government_get(name=government_name)
    directory = DepartmentDirectory.for_government(government)
    hints = table_hints(directory, mapping)
    if layout is None and not mapping:
        saved = matching_layout(government=government, name=name, data=data)
        if saved is not None:
            layout, layout_name = layout_of(saved), saved.name
    if layout is not None:
        table = read_with_layout(name, data, layout, hints)
    else:
        table = read_table(name, data, hints)
    preview = preview_table(table, profile=profile, directory=directory, status_words=status_words)
    preview.layout_name = layout_name
    preview.layout_fields = list(layout.fields) if layout is not None else []
    return preview


def preview_table(
    table: SourceTable,
    *,
    profile: StatusProfile,
    directory: DepartmentDirectory,
    status_words: Mapping[str, str] | None = None,
) -> TablePreview:
    """Check every row of `table`; nothing is written here."""
    has_progress = "progress" in table.fields
    preview = TablePreview(
        drafts=[], meta=dict(table.meta), format=table.format, has_progress=has_progress
    )
    preview.warnings.extend(table.warnings)  # what the reader left out (other Word tables)
    preview.unknown_headers = list(
        dict.fromkeys(h for h in table.ignored_headers if f"{UNKNOWN_PREFIX}{h}" in table.fields)
    )
    if preview.unknown_headers:
        preview.warnings.append(
            UNKNOWN_COLUMNS_KEPT.format(
                headers="、".join(f"「{h}」" for h in preview.unknown_headers)
            )
        )
    if not has_progress:
        preview.warnings.append(NO_PROGRESS_COLUMN)
    elif "status" not in table.fields:
        preview.warnings.append("表格没有「进展状态」列,各任务的状态将为空。")
    printed_words = [row.cells.get("status", "").strip() for row in table.rows]
    preview.status_words = status_words_to_confirm(printed_words, profile, dict(status_words or {}))
    status_words = {**preview.status_words, **(status_words or {})}
    preview.columns = [column_name(key) for key in table.fields]
    leader = ""
    seen_seq: dict[str, int] = {}
    new_names: dict[str, None] = {}
    matched: dict[str, None] = {}
    has_numbered_task = False
    for row in table.rows:
        read: dict[str, Any] = {
            "number": row.number,
            "cells": [row.cells.get(key, "") for key in table.fields],
            "draft": None,
            "first_problem": len(preview.problems),
        }
        preview.rows_read.append(read)
        group = leader_group(row)
        if group is not None:
            leader = group
            preview.warnings.append(f"{row.where}:分组行,其下任务的牵头领导为「{leader}」。")
            continue
        draft = row_draft(
            row,
            profile,
            preview.problems,
            has_progress=has_progress,
            status_words=status_words,
        )
        if draft is None:
            continue
        draft.leader = draft.leader or leader
        if draft.seq:
            has_numbered_task = True
            if draft.seq in seen_seq:
                preview.problems.append(
                    ROW_DUPLICATE_SEQ.format(
                        where=row.where, seq=draft.seq, other=seen_seq[draft.seq]
                    )
                )
            seen_seq[draft.seq] = row.number
        elif not has_numbered_task:
            preview.problems.append(ROW_ORPHAN_SUBROW.format(where=row.where))
        for name in draft.all_department_names:
            unit = directory.resolve(name)
            if unit is not None:
                matched[unit.name] = None
            elif name not in new_names:
                new_names[name] = None
                if not directory.is_empty:
                    preview.warnings.append(UNKNOWN_DEPARTMENT.format(where=row.where, name=name))
        read["draft"] = len(preview.drafts)
        preview.drafts.append(draft)
    _attach_problems(preview, table.fields)
    preview.new_departments = list(new_names)
    preview.matched_departments = list(matched)
    return preview


def column_name(key: str) -> str:
    """A column's name on the preview: the field's printed name, or the header not understood."""
    if key.startswith(UNKNOWN_PREFIX):
        return base_field(key.removeprefix(UNKNOWN_PREFIX))
    name = HEADER_LABELS.get(base_field(key), key)
    return name + key[len(base_field(key)) :].replace(REPEAT_MARK, "")


# Which column a row's problem is about, by the field its message names.
_PROBLEM_FIELDS: tuple[tuple[str, str], ...] = (
    ("序号「", "seq"),
    ("进展状态「", "status"),
    ("无法从「", "departments"),
    ("单位「", "departments"),
)


def _problem_column(message: str, keys: list[str]) -> int | None:
    for marker, field_name in _PROBLEM_FIELDS:
        if marker in message and field_name in keys:
            return keys.index(field_name)
    for index, key in enumerate(keys):
        label = HEADER_LABELS.get(key)
        if label and f"「{label}」" in message:
            return index
    return None


def _attach_problems(preview: TablePreview, keys: list[str]) -> None:
    """Each row's problems (the messages found while reading it), at their column."""
    ends = [read["first_problem"] for read in preview.rows_read[1:]] + [len(preview.problems)]
    for read, end in zip(preview.rows_read, ends, strict=True):
        messages = preview.problems[read.pop("first_problem") : end]
        read["problems"] = [
            {"column": _problem_column(message, keys), "message": message} for message in messages
        ]


def names_needing_decision(
    preview: TablePreview,
    directory: DepartmentDirectory,
    decisions: Mapping[str, Any] | None = None,
) -> list[str]:
    """Names outside the tree that still need the office's decision (create or map).

    None when the import founds an empty tree: then every name becomes a unit (ADR 0002).
    Names already in `decisions` are decided.
    """
    if directory.is_empty:
        return []
    outside = [name for name in preview.new_departments if directory.resolve(name) is None]
    return undecided(outside, decisions or {})
