"""A CSV file (comma-separated; cells may hold line breaks inside quotes)."""

import csv
import io

from .base import (
    LAYOUT_SPACE,
    SourceRow,
    SourceTable,
    TableHints,
    cells_to_row,
    check_required,
    find_header_row,
    map_header,
    meta_from_lines,
)


def read_csv(content: str, hints: TableHints) -> SourceTable:
    reader = csv.reader(io.StringIO(content.lstrip("\ufeff")))
    grid = [[cell.replace("\r\n", "\n").strip(LAYOUT_SPACE) for cell in row] for row in reader]
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
