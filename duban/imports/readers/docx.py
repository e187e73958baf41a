"""A Word document (.docx): its tables, merged cells expanded like the HTML reader's spans.

Offices keep task breakdowns in Word. One document often holds several tables: a breakdown
split at page or section breaks (the same header repeated), or tables of another kind (a
summary, a signature block). Tables with the same header are one table, read in document
order; of tables with different headers the one with the most rows that has the required
columns is read and the others are named in `warnings` (docs/decisions/0019).
"""

import io
import re
from dataclasses import dataclass

from docx import Document
from docx.exceptions import InvalidXmlError
from docx.table import Table
from docx.text.paragraph import Paragraph
from lxml import etree

from .base import (
    ReadError,
    SourceRow,
    SourceTable,
    TableHints,
    check_required,
    map_header,
    meta_from_lines,
)
from .grid import Grid, tidy_cell_text
from .limits import check_grid_cells, check_unpacked_size, clamp_span

DOCX_UNREADABLE = "无法打开 Word 文件:文件已损坏,或不是 .docx 格式的 Word 文档。"
DOCX_NO_TABLE = "Word 文件中没有表格。"
DOCX_NO_HEADER = (
    "无法识别表格版式:Word 文件的表格中没有找到表头(如 序号、主要工作任务、进展情况、牵头部门)。"
)
OTHER_TABLE_SKIPPED = "Word 文件中第{index}个表格的表头与所导入的表格不同,未导入(表头:{header})。"
HEADERLESS_TABLE_SKIPPED = "Word 文件中第{index}个表格没有可识别的表头,未导入。"

_HEADING_STYLES = ("heading", "title", "标题")
# "附件1" above a title is the attachment's label, not its title.
_ATTACHMENT_LABEL_RE = re.compile(r"^附件\s*\d*\s*[::]?$")
_VMERGE_CONTINUE = "continue"


@dataclass(eq=False)
class _WordTable:
    position: int  # 1-based, in document order, as a person counts the tables
    grid: Grid
    header_index: int | None


def read_docx(data: bytes, hints: TableHints) -> SourceTable:
    check_unpacked_size(data)  # python-docx unpacks every part into memory
    try:
        document = Document(io.BytesIO(data))
    except Exception as error:  # a damaged package fails in zipfile, lxml or python-docx alike
        raise ReadError(DOCX_UNREADABLE) from error
    try:
        tables, lines, heading, first_paragraph = _walk(document)
    except (ValueError, KeyError, TypeError, InvalidXmlError, etree.LxmlError) as error:
        raise ReadError(DOCX_UNREADABLE) from error
    if not tables:
        raise ReadError(DOCX_NO_TABLE)
    for table in tables:
        try:
            table.header_index = table.grid.header_index(hints)
        except ReadError:
            table.header_index = None
    groups: dict[tuple[str, ...], list[_WordTable]] = {}
    for table in tables:
        if table.header_index is not None:
            groups.setdefault(table.grid.header_key(table.header_index), []).append(table)
    if not groups:
        raise ReadError(DOCX_NO_HEADER)
    chosen = _choose(list(groups.values()), hints)
    header_fields, ignored = map_header(_header(chosen[0]), hints)
    fields = [f for f in header_fields if f]
    check_required(fields, hints)
    rows: list[SourceRow] = []
    rows_before = 0  # rows of the earlier tables, so numbers run on as in one long table
    for table in chosen:
        header_index = table.header_index or 0  # every chosen table has a header
        rows.extend(table.grid.data_rows(header_index, hints, first_number=rows_before + 1))
        rows_before += len(table.grid.rows)
    meta = meta_from_lines(lines)
    title = heading or meta.get("title") or first_paragraph
    if title:
        meta["title"] = title
    return SourceTable(
        fields=fields,
        rows=rows,
        meta=meta,
        ignored_headers=ignored,
        format="docx",
        warnings=_skipped(tables, chosen),
    )


def _walk(document: object) -> tuple[list[_WordTable], list[str], str, str]:
    """The tables, every paragraph's text, the first heading and first paragraph above a table."""
    tables: list[_WordTable] = []
    lines: list[str] = []
    heading = first_paragraph = ""
    for block in document.iter_inner_content():  # type: ignore[attr-defined]
        if isinstance(block, Table):
            tables.append(_WordTable(len(tables) + 1, _grid(block), None))
            continue
        text = tidy_cell_text(block.text).replace("\n", " ")
        lines.append(text)
        if not text or _ATTACHMENT_LABEL_RE.match(text):
            continue
        if not heading and _is_heading(block):
            heading = text
        if not first_paragraph and not tables:
            first_paragraph = text
    return tables, lines, heading, first_paragraph


def _header(table: _WordTable) -> list[str]:
    return table.grid.rows[table.header_index or 0]


def _is_heading(paragraph: Paragraph) -> bool:
    style = paragraph.style
    name = (style.name or "").lower() if style is not None else ""
    return name.startswith(_HEADING_STYLES)


def _grid(table: Table) -> Grid:
    """Rows of cell texts: a `gridSpan` repeats the text across, a `vMerge` carries it down."""
    rows: list[list[str]] = []
    carried: list[set[int]] = []
    cells = 0
    for tr in table._tbl.tr_lst:
        row = [""] * clamp_span(tr.grid_before) if tr.grid_before else []
        row_carried: set[int] = set()
        above = rows[-1] if rows else []
        for tc in tr.tc_lst:
            span = clamp_span(tc.grid_span)
            if tc.vMerge == _VMERGE_CONTINUE:
                for _ in range(span):
                    column = len(row)
                    row.append(above[column] if column < len(above) else "")
                    row_carried.add(column)
            else:
                text = tidy_cell_text("\n".join(Paragraph(p, table).text for p in tc.p_lst))
                row.extend([text] * span)
        cells += len(row)
        check_grid_cells(cells)
        rows.append(row)
        carried.append(row_carried)
    width = max((len(row) for row in rows), default=0)
    check_grid_cells(width * len(rows) if rows else 0)
    for row in rows:
        row.extend([""] * (width - len(row)))
    return Grid(rows=rows, carried=carried)


def _choose(groups: list[list[_WordTable]], hints: TableHints) -> list[_WordTable]:
    """The group with the most data rows among those with the required columns, else the first."""

    def has_required(group: list[_WordTable]) -> bool:
        fields, _ = map_header(_header(group[0]), hints)
        return all(f in fields for f in hints.required)

    def data_rows(group: list[_WordTable]) -> int:
        return sum(len(t.grid.rows) - (t.header_index or 0) - 1 for t in group)

    complete = [group for group in groups if has_required(group)]
    if not complete:
        return groups[0]  # check_required names what it lacks
    return max(complete, key=data_rows)  # max keeps the first of equals: document order


def _skipped(tables: list[_WordTable], chosen: list[_WordTable]) -> list[str]:
    warnings: list[str] = []
    for table in tables:
        if table in chosen or len(table.grid.rows) <= (table.header_index or 0) + 1:
            continue  # read, or nothing below its header
        if table.header_index is None:
            warnings.append(HEADERLESS_TABLE_SKIPPED.format(index=table.position))
        else:
            header = " | ".join(c for c in table.grid.rows[table.header_index] if c)
            warnings.append(OTHER_TABLE_SKIPPED.format(index=table.position, header=header))
    return warnings
