"""An xlsx workbook: the first sheet that has a recognisable header row.

Merged cells (Excel's rowspans) are expanded: the cells below a merged 序号 are marked as
carried, which makes them sub-items of the numbered row.
"""

import io
import zipfile

from openpyxl import load_workbook

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


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).replace("\r\n", "\n").replace("\r", "\n").strip(LAYOUT_SPACE)


def read_xlsx(data: bytes, hints: TableHints) -> SourceTable:
    try:
        # Not read-only: merged cell ranges are only known to a fully loaded sheet.
        workbook = load_workbook(io.BytesIO(data), data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise ReadError(f"无法打开 Excel 文件:{error}") from error
    last_error: ReadError | None = None
    for sheet in workbook.worksheets:
        grid = [[_text(v) for v in row] for row in sheet.iter_rows(values_only=True)]
        carried: dict[tuple[int, int], str] = {}
        for merged in sheet.merged_cells.ranges:
            top_value = grid[merged.min_row - 1][merged.min_col - 1] if grid else ""
            for r in range(merged.min_row, merged.max_row + 1):
                for c in range(merged.min_col, merged.max_col + 1):
                    if (r, c) != (merged.min_row, merged.min_col):
                        carried[(r, c)] = top_value
        for (r, c), value in carried.items():
            if r - 1 < len(grid) and c - 1 < len(grid[r - 1]):
                grid[r - 1][c - 1] = value
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
            carried_columns = {c - 1 for (r, c) in carried if r == excel_row}
            rows.append(cells_to_row(excel_row, header_fields, values, carried_columns))
        meta_lines = [" ".join(v for v in row if v) for row in grid[:header_index]]
        return SourceTable(
            fields=fields,
            rows=rows,
            meta=meta_from_lines(meta_lines),
            ignored_headers=ignored,
            format="xlsx",
        )
    raise last_error or ReadError("Excel 文件中没有工作表。")
