"""Old Excel (.xls) and OpenDocument (.ods) workbooks, read with calamine.

The first sheet with a recognisable header row is read. calamine names the merged regions of
an .xls sheet, which are expanded like the HTML reader's spans; for .ods it names none, so
the cells a merge covers stay empty (docs/decisions/0019). Values come out as a person sees
them: 12 not "12.0", a date as 2024-05-11 not a serial number.
"""

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

from . import calamine_sheets
from .base import ReadError, SourceTable, TableHints, check_required, map_header, meta_from_lines
from .grid import Grid, tidy_cell_text
from .limits import READER_MEMORY_BYTES, READER_SECONDS, TOO_MANY_CELLS, ImportLimits

SPREADSHEET_NAMES = {"xls": "Excel(.xls)", "ods": "OpenDocument 表格(.ods)"}
SPREADSHEET_UNREADABLE = "无法打开{name}文件:文件已损坏,或不是{name}格式。"
SPREADSHEET_LOCKED = "无法打开{name}文件:文件设有密码,请去掉密码后再上传。"
SPREADSHEET_EMPTY = "{name}文件中没有工作表。"
SPREADSHEET_TIMEOUT = "读取{name}文件超时:文件可能已损坏。"
_CHILD = Path(calamine_sheets.__file__)


def cell_text(value: object) -> str:
    """The text a person sees in the cell, tidied as every reader tidies a cell."""
    return tidy_cell_text(calamine_sheets.cell_text(value))


def read_old_spreadsheet(data: bytes, hints: TableHints, fmt: str) -> SourceTable:
    name = SPREADSHEET_NAMES[fmt]
    last_error: ReadError | None = None
    for grid in _sheets(data, name):
        try:
            header_index = grid.header_index(hints)
        except ReadError as error:
            last_error = error
            continue
        header_fields, ignored = map_header(grid.rows[header_index], hints)
        fields = [f for f in header_fields if f]
        check_required(fields, hints)
        meta_lines = [" ".join(v for v in row if v) for row in grid.rows[:header_index]]
        return SourceTable(
            fields=fields,
            rows=grid.data_rows(header_index, hints),
            meta=meta_from_lines(meta_lines),
            ignored_headers=ignored,
            format=fmt,
        )
    raise last_error or ReadError(SPREADSHEET_EMPTY.format(name=name))


def _sheets(data: bytes, name: str) -> Iterator[Grid]:
    """Each sheet's grid, read by calamine in a child process (see calamine_sheets.py)."""
    # -I: the script's folder is not on the path, so this package's json.py hides nothing.
    max_cells = ImportLimits.from_settings().max_cells
    command = [sys.executable, "-I", str(_CHILD), str(max_cells), str(READER_MEMORY_BYTES)]
    try:
        child = subprocess.run(  # noqa: S603 (our own script, arguments are numbers)
            command, input=data, capture_output=True, timeout=READER_SECONDS, check=False
        )
    except subprocess.TimeoutExpired as error:
        raise ReadError(SPREADSHEET_TIMEOUT.format(name=name)) from error
    if child.returncode == calamine_sheets.TOO_LARGE_EXIT:
        raise ReadError(TOO_MANY_CELLS.format(limit=max_cells, where="展开合并单元格后"))
    if child.returncode == calamine_sheets.LOCKED_EXIT:
        raise ReadError(SPREADSHEET_LOCKED.format(name=name))
    if child.returncode != 0:  # damaged: calamine failed, panicked or ran out of memory
        raise ReadError(SPREADSHEET_UNREADABLE.format(name=name))
    for sheet in json.loads(child.stdout):
        yield _grid(sheet["rows"], sheet["merged"])


def _grid(values: list[list[str]], merged: list[list[list[int]]]) -> Grid:
    """The sheet from A1, so that row numbers are the ones the spreadsheet shows."""
    rows = [[tidy_cell_text(v) for v in row] for row in values]
    carried: list[set[int]] = [set() for _ in rows]
    for (top, left), (bottom, right) in merged:
        if top >= len(rows) or left >= len(rows[top]):
            continue
        for r in range(top, min(bottom, len(rows) - 1) + 1):
            for c in range(left, min(right, len(rows[r]) - 1) + 1):
                if (r, c) == (top, left):
                    continue
                rows[r][c] = rows[top][left]
                if r > top:  # as the HTML reader marks a rowspan, not a colspan
                    carried[r].add(c)
    return Grid(rows=rows, carried=carried)
