"""Old Excel (.xls) and OpenDocument (.ods) workbooks, read with calamine.

The first sheet with a recognisable header row is read. calamine names the merged regions of
an .xls sheet, which are expanded like the HTML reader's spans; for .ods it names none, so
the cells a merge covers stay empty (docs/decisions/0019). Values come out as a person sees
them: 12 not "12.0", a date as 2024-05-11 not a serial number.
"""

import datetime
import io

from python_calamine import CalamineError, CalamineWorkbook, PasswordError

from .base import ReadError, SourceTable, TableHints, check_required, map_header, meta_from_lines
from .grid import Grid, tidy_cell_text
from .limits import check_grid_cells

SPREADSHEET_NAMES = {"xls": "Excel(.xls)", "ods": "OpenDocument 表格(.ods)"}
SPREADSHEET_UNREADABLE = "无法打开{name}文件:文件已损坏,或不是{name}格式。"
SPREADSHEET_LOCKED = "无法打开{name}文件:文件设有密码,请去掉密码后再上传。"
SPREADSHEET_EMPTY = "{name}文件中没有工作表。"


def cell_text(value: object) -> str:
    """The text a person sees in the cell (calamine gives numbers, dates and text)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        if value.time() == datetime.time():
            return value.date().isoformat()
        return value.isoformat(sep=" ", timespec="seconds" if value.second else "minutes")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, datetime.time):
        return value.isoformat(timespec="seconds" if value.second else "minutes")
    return tidy_cell_text(str(value))


def read_old_spreadsheet(data: bytes, hints: TableHints, fmt: str) -> SourceTable:
    name = SPREADSHEET_NAMES[fmt]
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        sheets = [workbook.get_sheet_by_name(sheet) for sheet in workbook.sheet_names]
    except PasswordError as error:
        raise ReadError(SPREADSHEET_LOCKED.format(name=name)) from error
    # calamine reports a damaged file as CalamineError or one of Python's own errors.
    except (CalamineError, ValueError, TypeError, OSError, UnicodeError) as error:
        raise ReadError(SPREADSHEET_UNREADABLE.format(name=name)) from error
    last_error: ReadError | None = None
    for sheet in sheets:
        if sheet.end is not None:  # the grid runs from A1 to the last used cell
            check_grid_cells((sheet.end[0] + 1) * (sheet.end[1] + 1))
        grid = _grid(sheet)
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


def _grid(sheet: object) -> Grid:
    """The sheet from A1, so that row numbers are the ones the spreadsheet shows."""
    values = sheet.to_python(skip_empty_area=False)  # type: ignore[attr-defined]
    rows = [[cell_text(v) for v in row] for row in values]
    carried: list[set[int]] = [set() for _ in rows]
    for (top, left), (bottom, right) in sheet.merged_cell_ranges or ():  # type: ignore[attr-defined]
        if top >= len(rows):
            continue
        for r in range(top, min(bottom, len(rows) - 1) + 1):
            for c in range(left, min(right, len(rows[r]) - 1) + 1):
                if (r, c) == (top, left):
                    continue
                rows[r][c] = rows[top][left]
                if r > top:  # as the HTML reader marks a rowspan, not a colspan
                    carried[r].add(c)
    return Grid(rows=rows, carried=carried)
