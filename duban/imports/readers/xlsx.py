"""An xlsx workbook: the first sheet that has a recognisable header row.

Merged cells (Excel's rowspans) are expanded: the cells below a merged 序号 are marked as
carried, which makes them sub-items of the numbered row.

The sheet is streamed (openpyxl's read-only parser), keeping only cells that hold something:
the size a file declares (its dimension tag, a styled cell at XFD1048576, a merge to the
sheet's end) never decides how much is allocated. The used range is checked against the
import limits before the grid is built.
"""

import io
import zipfile
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils.cell import get_column_letter, range_boundaries
from openpyxl.worksheet._reader import WorkSheetParser

from .base import (
    LAYOUT_SPACE,
    ReadError,
    SourceRow,
    SourceTable,
    TableHints,
    cells_to_row,
    check_required,
    find_header_row,
    map_header,
    meta_from_lines,
)
from .limits import UNZIPPED_TOO_LARGE, ImportLimits

NOT_A_ZIP = "无法打开 Excel 文件:文件不是有效的 .xlsx(可能已损坏、不完整或是其他格式另存的)。"
BROKEN_WORKBOOK = "无法打开 Excel 文件:文件内部结构已损坏,请在 Excel 中打开后重新保存再上传。"
BROKEN_SHEET = "无法读取 Excel 工作表「{sheet}」:内容已损坏,请在 Excel 中打开后重新保存再上传。"
BAD_MERGE = "无法读取 Excel 工作表「{sheet}」:合并单元格「{ref}」无效。"
OVERLAPPING_MERGES = "无法读取 Excel 工作表「{sheet}」:合并单元格相互重叠。"
NO_SHEETS = "Excel 文件中没有工作表。"

Cell = tuple[int, int]


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).replace("\r\n", "\n").replace("\r", "\n").strip(LAYOUT_SPACE)


def _open(data: bytes, limits: ImportLimits) -> Any:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        unzipped = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as error:
        raise ReadError(NOT_A_ZIP) from error
    if unzipped > limits.max_unzipped_bytes:
        raise ReadError(UNZIPPED_TOO_LARGE.format(limit=limits.max_unzipped_bytes // 2**20))
    try:
        return load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # whatever a foreign file breaks is "broken"
        raise ReadError(BROKEN_WORKBOOK) from error


def _sheet_cells(
    sheet: Any, limits: ImportLimits
) -> tuple[dict[Cell, str], list[tuple[int, int, int, int]]]:
    """The sheet's non-empty cells ((row, column) → text) and its merged ranges."""
    cells: dict[Cell, str] = {}
    texts: dict[str, str] = {}  # one copy of a text however many cells repeat it
    with sheet._get_source() as source:
        parser = WorkSheetParser(
            source,
            sheet._shared_strings,
            data_only=True,
            epoch=sheet.parent.epoch,
            date_formats=sheet.parent._date_formats,
            timedelta_formats=sheet.parent._timedelta_formats,
        )
        for _row, row_cells in parser.parse():
            for cell in row_cells:
                value = cell["value"]
                if value is None or value == "":
                    continue
                row, column = cell["row"], cell["column"]
                if row < 1 or column < 1:
                    raise ValueError(f"cell outside the sheet: {row},{column}")
                where = f"单元格 {get_column_letter(min(column, 18278))}{row}"
                limits.check_row(row, where)
                limits.check_column(column, where)
                raw = value if isinstance(value, str) else str(value)
                limits.check_text(raw, where)
                text = texts.get(raw)
                if text is None:
                    text = texts.setdefault(raw, _text(value))
                if text:
                    cells[(row, column)] = text
                    limits.check_cells(len(cells), where)
        merges = []
        if parser.merged_cells is not None:
            for merged in parser.merged_cells.mergeCell:
                try:
                    min_col, min_row, max_col, max_row = range_boundaries(merged.ref)
                except (TypeError, ValueError) as error:
                    raise ReadError(BAD_MERGE.format(sheet=sheet.title, ref=merged.ref)) from error
                if None in (min_col, min_row, max_col, max_row):
                    raise ReadError(BAD_MERGE.format(sheet=sheet.title, ref=merged.ref))
                where = f"合并单元格 {merged.ref}"
                limits.check_span(max_row - min_row + 1, where)
                limits.check_span(max_col - min_col + 1, where)
                merges.append((min_row, min_col, max_row, max_col))
    return cells, merges


def _grid(
    sheet_title: str,
    cells: dict[Cell, str],
    merges: list[tuple[int, int, int, int]],
    limits: ImportLimits,
) -> tuple[list[list[str]], dict[int, set[int]]]:
    """The used range as a grid, merged cells filled from their top-left cell, and for each
    Excel row the (0-based) columns so filled."""
    used_rows = max((r for r, _ in cells), default=0)
    used_columns = max((c for _, c in cells), default=0)
    corner = f"单元格 {get_column_letter(used_columns or 1)}{used_rows}"
    limits.check_cells(used_rows * used_columns, corner)
    grid = [[""] * used_columns for _ in range(used_rows)]
    for (r, c), text in cells.items():
        grid[r - 1][c - 1] = text
    carried: dict[int, set[int]] = {}
    filled = 0
    for min_row, min_col, max_row, max_col in merges:
        # A merge reaching past the used range only fills cells nobody will read.
        max_row, max_col = min(max_row, used_rows), min(max_col, used_columns)
        if min_row > max_row or min_col > max_col:
            continue
        filled += (max_row - min_row + 1) * (max_col - min_col + 1)
        if filled > used_rows * used_columns:
            # Ranges that do not overlap cannot cover more than the grid.
            raise ReadError(OVERLAPPING_MERGES.format(sheet=sheet_title))
        top_value = grid[min_row - 1][min_col - 1]
        for r in range(min_row, max_row + 1):
            for c in range(min_col, max_col + 1):
                if (r, c) != (min_row, min_col):
                    grid[r - 1][c - 1] = top_value
                    carried.setdefault(r, set()).add(c - 1)
    return grid, carried


def read_xlsx(data: bytes, hints: TableHints) -> SourceTable:
    limits = ImportLimits.from_settings()
    workbook = _open(data, limits)
    try:
        return _read_workbook(workbook, hints, limits)
    finally:
        workbook.close()


def _read_workbook(workbook: Any, hints: TableHints, limits: ImportLimits) -> SourceTable:
    last_error: ReadError | None = None
    for sheet in workbook.worksheets:
        if not hasattr(sheet, "_get_source"):
            continue  # a chart sheet holds no cells
        try:
            cells, merges = _sheet_cells(sheet, limits)
        except ReadError:
            raise
        except Exception as error:  # whatever a foreign file breaks is "broken"
            raise ReadError(BROKEN_SHEET.format(sheet=sheet.title)) from error
        grid, carried = _grid(sheet.title, cells, merges, limits)
        try:
            header_index = find_header_row(grid, hints)
        except ReadError as error:
            last_error = error
            continue
        header_fields, ignored = map_header(grid[header_index], hints)
        fields = [f for f in header_fields if f]
        check_required(fields, hints)
        rows: list[SourceRow] = []
        for index in range(header_index + 1, len(grid)):
            values = grid[index]
            if not any(values):
                continue
            excel_row = index + 1
            rows.append(cells_to_row(excel_row, header_fields, values, carried.get(excel_row)))
        meta_lines = [" ".join(v for v in row if v) for row in grid[:header_index]]
        return SourceTable(
            fields=fields,
            rows=rows,
            meta=meta_from_lines(meta_lines),
            ignored_headers=ignored,
            format="xlsx",
        )
    raise last_error or ReadError(NO_SHEETS)
