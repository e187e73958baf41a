"""An HTML page or fragment holding the table (rowspans and colspans expanded)."""

import re
from collections import deque
from html.parser import HTMLParser

from .base import (
    LAYOUT_SPACE,
    ReadError,
    SourceRow,
    SourceTable,
    TableHints,
    cells_to_row,
    check_required,
    find_header_row,
    is_understood,
    map_header,
    meta_from_lines,
)
from .limits import ImportLimits

_BREAK_TAGS = {"br", "p", "div", "li", "tr", "h1", "h2", "h3", "h4"}
_SPACES_RE = re.compile(r"[ \t\r\f\v]+")


class _Cell:
    def __init__(self, rowspan: int, colspan: int) -> None:
        self.rowspan = rowspan
        self.colspan = colspan
        self.parts: list[str] = []

    @property
    def text(self) -> str:
        lines = [
            _SPACES_RE.sub(" ", line).strip(LAYOUT_SPACE)
            for line in "".join(self.parts).split("\n")
        ]
        return "\n".join(line for line in lines if line)


class _TableParser(HTMLParser):
    """Collects every table as rows of `_Cell`s, and the page's text outside tables."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[list[list[_Cell]]] = []
        self.outside: list[str] = []
        self._stack: list[list[list[_Cell]]] = []
        self._cell: _Cell | None = None
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {"script", "style"}:
            self._skip += 1
        elif tag == "table":
            self._stack.append([])
        elif tag == "tr" and self._stack:
            self._stack[-1].append([])
        elif tag in {"td", "th"} and self._stack:
            values = dict(attrs)
            if not self._stack[-1]:
                self._stack[-1].append([])
            self._cell = _Cell(_span(values.get("rowspan")), _span(values.get("colspan")))
            self._stack[-1][-1].append(self._cell)
        elif tag in _BREAK_TAGS:
            self._break()

    def handle_endtag(self, tag: str) -> None:
        if tag in {"script", "style"}:
            self._skip = max(0, self._skip - 1)
        elif tag == "table" and self._stack:
            self.tables.append(self._stack.pop())
        elif tag in {"td", "th"}:
            self._cell = None
        elif tag in _BREAK_TAGS:
            self._break()

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            self._break()

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        text = data.replace("\n", " ")
        if self._cell is not None:
            self._cell.parts.append(text)
        elif not self._stack:
            self.outside.append(text)

    def _break(self) -> None:
        if self._cell is not None:
            self._cell.parts.append("\n")
        elif not self._stack:
            self.outside.append("\n")


def _span(value: str | None) -> int:
    try:
        return max(1, int(value or 1))
    except ValueError:
        return 1


def _grid(rows: list[list[_Cell]], limits: ImportLimits) -> tuple[list[list[str]], list[set[int]]]:
    """Expand rowspans/colspans: every row gets every column; carried-down cells are marked.

    Spans, rows, columns and the cells the expansion makes are checked as it goes, so a small
    page declaring huge spans is refused before the grid grows."""
    limits.check_row(len(rows), f"第{len(rows)}行")
    grid: list[list[str]] = []
    carried: list[set[int]] = []
    pending: dict[int, tuple[str, int]] = {}  # column -> (text, rows still to fill)
    total = 0
    for number, cells in enumerate(rows, start=1):
        where = f"第{number}行"
        row: list[str] = []
        row_carried: set[int] = set()
        queue = deque(cells)
        column = 0
        while queue or column in pending:
            if column in pending:
                text, left = pending[column]
                row.append(text)
                row_carried.add(column)
                if left <= 1:
                    del pending[column]
                else:
                    pending[column] = (text, left - 1)
                column += 1
                continue
            cell = queue.popleft()
            limits.check_span(cell.rowspan, where)
            limits.check_span(cell.colspan, where)
            limits.check_column(column + cell.colspan, where)
            text = cell.text
            limits.check_text(text, where)
            for _ in range(cell.colspan):
                row.append(text)
                if cell.rowspan > 1:
                    pending[column] = (text, cell.rowspan - 1)
                column += 1
        total += len(row)
        limits.check_cells(total, where)
        grid.append(row)
        carried.append(row_carried)
    return grid, carried


def read_html(content: str, hints: TableHints) -> SourceTable:
    limits = ImportLimits.from_settings()
    parser = _TableParser()
    parser.feed(content)
    parser.close()
    best: tuple[int, list[list[str]], list[set[int]], int] | None = None
    for table in parser.tables:
        grid, carried = _grid(table, limits)
        try:
            header_index = find_header_row(grid, hints)
        except ReadError:
            continue
        candidate_fields, _ = map_header(grid[header_index], hints)
        score = sum(1 for f in candidate_fields if is_understood(f))
        if best is None or score > best[0]:
            best = (score, grid, carried, header_index)
    if best is None:
        raise ReadError("无法识别表格版式:HTML 中没有找到带表头(序号、主要工作任务…)的表格。")
    _, grid, carried, header_index = best
    header_fields, ignored = map_header(grid[header_index], hints)
    fields = [f for f in header_fields if f]
    check_required(fields, hints)
    rows: list[SourceRow] = []
    for offset, values in enumerate(grid[header_index + 1 :], start=header_index + 2):
        if not any(v.strip(LAYOUT_SPACE) for v in values):
            continue
        rows.append(cells_to_row(offset, header_fields, values, carried[offset - 1]))
    meta = meta_from_lines("".join(parser.outside).split("\n"))
    return SourceTable(fields=fields, rows=rows, meta=meta, ignored_headers=ignored, format="html")
