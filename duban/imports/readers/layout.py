"""A table read by column position, as the office mapped it (the mapping step).

When a header is worded in a way no hint recognises, or there is no header row at all (a
page that starts inside the table), the office says what each column is. The file is then
taken as one grid — the largest table in it — and each column is read as the field chosen for
its position. `source_sample` gives what the mapping page shows (each column's header as
printed, or 第N列, and the first cells); `read_with_layout` reads the whole table that way.

Text and JSON files have no grid to map: their readers find cells by the header they print.
"""

import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .base import (
    LAYOUT_SPACE,
    REPEAT_MARK,
    ReadError,
    SourceRow,
    SourceTable,
    TableHints,
    cells_to_row,
    check_controls,
    check_required,
    find_header_row,
    map_header,
    meta_from_lines,
    normalise_header,
)
from .detect import UNREADABLE, decode_text, detect_format
from .grid import Grid
from .limits import ImportLimits

IGNORE = "ignore"
LAYOUT_NOT_SUPPORTED = "该格式({format})不能按列手动对应,请另存为 Excel、CSV 或网页表格后上传。"
NO_TABLE = "文件中没有可按列对应的表格。"
MAPPING_REPEATED = "「{field}」只能对应一列,现对应了{columns}。"
MAPPING_WIDTH = "所选表格版式有 {expected} 列,文件中的表格有 {actual} 列,请重新对应各列。"
COLUMN_NAME = "第{number}列"
SAMPLE_ROWS = 5

# A header cell is a short word or two, not a sentence or a number.
_HEADER_CELL_MAX = 16
_SENTENCE_RE = re.compile(r"[。,,;;!?]")


@dataclass(frozen=True)
class ColumnLayout:
    """The field of each source column, by position ("ignore" drops it), and the header row
    as printed (normalised); an empty `signature` means the table has no header row."""

    fields: tuple[str, ...]
    signature: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {"fields": list(self.fields), "signature": list(self.signature)}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "ColumnLayout":
        return cls(
            fields=tuple(str(f) for f in data.get("fields", [])),
            signature=tuple(str(s) for s in data.get("signature", [])),
        )


@dataclass
class SourceSample:
    """The table the mapping step shows: its grid, where its header is, the lines above it."""

    grid: Grid
    header_index: int | None
    lines: list[str]
    format: str

    @property
    def width(self) -> int:
        return max((len(row) for row in self.grid.rows), default=0)

    @property
    def signature(self) -> tuple[str, ...]:
        if self.header_index is None:
            return ()
        return self.grid.header_key(self.header_index)

    @property
    def first_data_index(self) -> int:
        return 0 if self.header_index is None else self.header_index + 1

    def columns(self, hints: TableHints, rows: int = SAMPLE_ROWS) -> list[dict[str, Any]]:
        """Each column: its header (as printed, or 第N列), its first cells, the field guessed."""
        if self.header_index is not None:
            headers = self.grid.rows[self.header_index]
            guessed, _ = map_header(headers, hints)
        else:
            headers, guessed = [""] * self.width, [None] * self.width
        data = [r for r in self.grid.rows[self.first_data_index :] if any(r)][:rows]
        columns = []
        for index in range(self.width):
            header = headers[index] if index < len(headers) else ""
            key = guessed[index] if index < len(guessed) else None
            field = key.split(REPEAT_MARK, 1)[0] if key and not key.startswith("?") else IGNORE
            columns.append(
                {
                    "header": header or COLUMN_NAME.format(number=index + 1),
                    "printed": bool(header),
                    "cells": [row[index] if index < len(row) else "" for row in data],
                    "guess": field,
                }
            )
        return columns


def source_grids(name: str, data: bytes) -> tuple[str, list[Grid], list[str]]:
    """The file's format, every table in it as a grid, and its lines outside the tables.

    Whatever is wrong with the file, the caller gets a `ReadError` (as from `read_table`)."""
    try:
        return _source_grids(name, data)
    except ReadError:
        raise
    except Exception as error:
        raise ReadError(UNREADABLE.format(name=Path(name).name)) from error


def _source_grids(name: str, data: bytes) -> tuple[str, list[Grid], list[str]]:
    fmt = detect_format(name, data)
    limits = ImportLimits.from_settings()
    if fmt == "xlsx":
        from .xlsx import _grid as xlsx_grid
        from .xlsx import _open, _sheet_cells

        workbook = _open(data, limits)
        try:
            grids = []
            for sheet in workbook.worksheets:
                if hasattr(sheet, "_get_source"):
                    cells, merges = _sheet_cells(sheet, limits)
                    rows, carried = xlsx_grid(sheet.title, cells, merges, limits)
                    grids.append(Grid(rows, [carried.get(i + 1, set()) for i in range(len(rows))]))
        finally:
            workbook.close()
        return fmt, grids, []
    if fmt == "docx":
        from docx import Document

        from .docx import _walk

        tables, lines, _, _ = _walk(Document(io.BytesIO(data)))
        return fmt, [t.grid for t in tables], lines
    if fmt in {"xls", "ods"}:
        from .xls import SPREADSHEET_NAMES, _sheets

        return fmt, list(_sheets(data, SPREADSHEET_NAMES[fmt])), []
    if fmt in {"doc", "json"}:
        raise ReadError(LAYOUT_NOT_SUPPORTED.format(format=fmt))
    text = decode_text(data)
    if fmt == "html" or "<table" in text[:200000].lower():
        from .html import _grid as html_grid
        from .html import _TableParser

        parser = _TableParser()
        parser.feed(text)
        parser.close()
        grids = [Grid(*html_grid(table, limits)) for table in parser.tables]
        return "html", grids, "".join(parser.outside).split("\n")
    if fmt == "csv":
        from .csv import _grid as csv_grid

        return fmt, [Grid(csv_grid(text.lstrip("\ufeff"), limits))], []
    raise ReadError(LAYOUT_NOT_SUPPORTED.format(format="文本"))


def _filled(grid: Grid) -> int:
    return sum(1 for row in grid.rows for cell in row if cell.strip(LAYOUT_SPACE))


def _looks_like_header(row: list[str]) -> bool:
    """A row of short words in at least two distinct cells (a merged title repeats one text)."""
    texts = [normalise_header(c) for c in row if c.strip(LAYOUT_SPACE)]
    if len(set(texts)) < 2:
        return False
    return all(
        len(t) <= _HEADER_CELL_MAX and not _SENTENCE_RE.search(t) and not t.isdigit() for t in texts
    )


def source_sample(
    name: str, data: bytes, hints: TableHints, signature: tuple[str, ...] | None = None
) -> SourceSample:
    """The largest table of the file and its header row: the row printed as `signature` when
    given, else the first row the hints recognise, else a first row of short words; none when
    the table starts with data."""
    fmt, grids, lines = source_grids(name, data)
    grids = [g for g in grids if _filled(g)]
    if not grids:
        raise ReadError(NO_TABLE)
    grid = max(grids, key=_filled)
    width = max(len(r) for r in grid.rows)
    grid = Grid([r + [""] * (width - len(r)) for r in grid.rows], grid.carried)
    header_index: int | None = None
    if signature is not None:
        header_index = next(
            (i for i in range(len(grid.rows)) if grid.header_key(i) == signature), None
        )
    else:
        try:
            header_index = find_header_row(grid.rows, hints)
        except ReadError:
            first = next((i for i, r in enumerate(grid.rows) if any(r)), None)
            if first is not None and _looks_like_header(grid.rows[first]):
                header_index = first
    return SourceSample(grid=grid, header_index=header_index, lines=lines, format=fmt)


def layout_keys(fields: tuple[str, ...], hints: TableHints) -> list[str | None]:
    """The row keys of each column: a field, a repeated field ("task#2"), or None (ignored).
    A field that cannot repeat may be chosen for one column only."""
    keys: list[str | None] = []
    seen: dict[str, list[int]] = {}
    for index, field in enumerate(fields):
        if not field or field == IGNORE:
            keys.append(None)
            continue
        seen.setdefault(field, []).append(index + 1)
        count = len(seen[field])
        keys.append(field if count == 1 else f"{field}{REPEAT_MARK}{count}")
    for field, columns in seen.items():
        if len(columns) > 1 and field not in hints.repeatable:
            raise ReadError(
                MAPPING_REPEATED.format(
                    field=hints.labels.get(field, field),
                    columns="、".join(COLUMN_NAME.format(number=c) for c in columns),
                )
            )
    return keys


def read_with_layout(
    name: str, data: bytes, layout: ColumnLayout, hints: TableHints
) -> SourceTable:
    """The file's largest table, each column read as `layout` says. A layout with a header
    signature starts below the row printed that way (or the recognised header, when the file
    is the one mapped); one without starts at the table's first row."""
    sample = source_sample(name, data, hints, layout.signature if layout.signature else None)
    if not layout.signature:
        sample.header_index = None
    elif sample.header_index is None:
        sample = source_sample(name, data, hints)
    if sample.width != len(layout.fields):
        raise ReadError(MAPPING_WIDTH.format(expected=len(layout.fields), actual=sample.width))
    return table_from_sample(sample, layout, hints)


def table_from_sample(sample: SourceSample, layout: ColumnLayout, hints: TableHints) -> SourceTable:
    keys = layout_keys(layout.fields, hints)
    fields = [k for k in keys if k]
    check_required(fields, hints)
    header_key = sample.signature
    rows: list[SourceRow] = []
    grid = sample.grid
    for index in range(sample.first_data_index, len(grid.rows)):
        values = grid.rows[index]
        if not any(v.strip(LAYOUT_SPACE) for v in values):
            continue
        if header_key and grid.header_key(index) == header_key:
            continue  # the header printed again after a page break
        carried = grid.carried[index] if index < len(grid.carried) else set()
        rows.append(cells_to_row(index + 1, keys, values, carried))
    above = grid.rows[: sample.header_index or 0]
    above_lines = [" ".join(dict.fromkeys(v for v in row if v)) for row in above]
    meta = meta_from_lines(sample.lines + above_lines)
    table = SourceTable(fields=fields, rows=rows, meta=meta, format=sample.format)
    check_controls(table, hints)
    return table
