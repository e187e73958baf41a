"""A CSV file (comma-separated; cells may hold line breaks inside quotes).

Line endings may be Windows (CRLF), Unix (LF) or old Mac (CR alone): all are a valid table.
"""

import csv
import io

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
from .limits import CELL_TOO_LONG, ImportLimits

BROKEN_CSV = "CSV 文件格式错误(第{row}行):{problem},请在 Excel 中打开后另存为 CSV 再上传。"
NUL_IN_CSV = "含有空字符(NUL)"
UNCLOSED_QUOTE = "引号没有闭合"
MISPLACED_QUOTE = "引号后应紧跟逗号或换行"
UNREADABLE = "无法按 CSV 读取"


def read_csv(content: str, hints: TableHints) -> SourceTable:
    limits = ImportLimits.from_settings()
    grid = _grid(content.lstrip("\ufeff"), limits)
    header_index = find_header_row(grid, hints)
    header_fields, ignored = map_header(grid[header_index], hints)
    fields = [f for f in header_fields if f]
    check_required(fields, hints)
    rows: list[SourceRow] = []
    for index in range(header_index + 1, len(grid)):
        if not any(grid[index]):
            continue
        # A quoted cell may span lines, so the record number is what a person counts in Excel.
        rows.append(cells_to_row(index + 1, header_fields, grid[index]))
    meta = meta_from_lines([" ".join(c for c in row if c) for row in grid[:header_index]])
    return SourceTable(fields=fields, rows=rows, meta=meta, ignored_headers=ignored, format="csv")


def _grid(content: str, limits: ImportLimits) -> list[list[str]]:
    """The records as cell texts, checked against the limits as they are read."""
    # newline=None: CR, LF and CRLF all end a line (a line break inside quotes becomes "\n").
    source = io.StringIO(content, newline=None)
    # The cell limit is the project's own (checked below, in Chinese); the csv module's
    # smaller default would refuse a long progress text in English.
    previous_limit = csv.field_size_limit()
    csv.field_size_limit(max(previous_limit, limits.max_cell_chars + 1))
    grid: list[list[str]] = []
    cells = 0
    try:
        reader = csv.reader(source, strict=True)
        number = 0
        while True:
            number = len(grid) + 1
            try:
                record = next(reader)
            except StopIteration:
                break
            except csv.Error as error:
                raise ReadError(_message(error, number, limits)) from error
            where = f"第{number}行"
            limits.check_row(number, where)
            limits.check_column(len(record), where)
            cells += len(record)
            limits.check_cells(cells, where)
            for cell in record:
                limits.check_text(cell, where)
            grid.append([cell.strip(LAYOUT_SPACE) for cell in record])
    finally:
        csv.field_size_limit(previous_limit)
    return grid


def _message(error: csv.Error, number: int, limits: ImportLimits) -> str:
    text = str(error)
    if "field larger than field limit" in text:
        return CELL_TOO_LONG.format(limit=limits.max_cell_chars, where=f"第{number}行")
    if "NUL" in text or "null byte" in text:
        problem = NUL_IN_CSV
    elif "end of data" in text or "EOF" in text:
        problem = UNCLOSED_QUOTE
    elif "expected after" in text:
        problem = MISPLACED_QUOTE
    else:
        problem = UNREADABLE
    return BROKEN_CSV.format(row=number, problem=problem)
