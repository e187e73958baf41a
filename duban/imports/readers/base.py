"""What every reader returns, and the header matching they share."""

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum


class ReadError(Exception):
    """The file cannot be read as a table at all (message in Chinese)."""


class Role(Enum):
    """How a column's cells are shaped, which a text rendering needs to find cell borders."""

    KEY = "key"  # a short number, or empty for a sub-row (序号)
    TEXT = "text"  # one paragraph (主要工作任务)
    PARAGRAPHS = "paragraphs"  # one or more paragraphs (进展情况)
    LIST = "list"  # unit names, one or more per line (牵头部门)
    LABEL = "label"  # one word from a vocabulary, or empty (进展状态)


@dataclass(frozen=True)
class TableHints:
    """What the domain tells a reader: header meanings and how to recognise cells."""

    field_for_header: Callable[[str], str | None]
    roles: dict[str, Role]
    is_label: Callable[[str], bool]
    is_list_line: Callable[[str], bool]
    required: tuple[str, ...] = ()
    labels: dict[str, str] = field(default_factory=dict)  # printed field names, for messages


@dataclass
class SourceRow:
    """One table row: field → cell text ("\\n" between paragraphs or lines)."""

    number: int  # where a person finds the row: Excel/CSV row, or data row of a text table
    cells: dict[str, str]
    carried: set[str] = field(default_factory=set)  # fields filled from a rowspan above
    missing: list[str] = field(default_factory=list)  # fields a cut-off row lacks
    line: int | None = None  # line in a text file, for the message

    @property
    def where(self) -> str:
        seq = self.cells.get("seq", "")
        parts = [f"序号{seq}"] if seq else []
        if self.line is not None:
            parts.append(f"原文第{self.line}行")
        return f"第{self.number}行" + (f"({','.join(parts)})" if parts else "")


@dataclass
class SourceTable:
    """A table read from a file."""

    fields: list[str]  # mapped header fields, in column order
    rows: list[SourceRow]
    meta: dict[str, str] = field(default_factory=dict)  # title, column, published_at, source
    ignored_headers: list[str] = field(default_factory=list)
    format: str = ""
    warnings: list[str] = field(default_factory=list)  # what the reader left out, and why


_SPACE_RE = re.compile(r"[\s\u3000]+")
# Only ASCII white space is layout; a no-break or ideographic space in a cell is data.
LAYOUT_SPACE = " \t\r\n\f\v"


def normalise_header(text: str) -> str:
    """Header text without spaces (序  号 → 序号)."""
    return _SPACE_RE.sub("", text or "")


def map_header(cells: list[str], hints: TableHints) -> tuple[list[str | None], list[str]]:
    """Fields for each header cell (None where not understood) and the texts not understood."""
    fields: list[str | None] = []
    ignored: list[str] = []
    seen: set[str] = set()
    for cell in cells:
        name = normalise_header(cell)
        mapped = hints.field_for_header(name) if name else None
        if mapped is None or mapped in seen:
            fields.append(None)
            if name:
                ignored.append(name)
        else:
            fields.append(mapped)
            seen.add(mapped)
    return fields, ignored


def header_score(cells: list[str], hints: TableHints) -> int:
    fields, _ = map_header(cells, hints)
    return sum(1 for f in fields if f is not None)


def check_required(fields: list[str], hints: TableHints) -> None:
    missing = [f for f in hints.required if f not in fields]
    if missing:
        raise ReadError(
            "无法识别表格版式:缺少必需的列 "
            + "、".join(f"「{hints.labels.get(f, f)}」" for f in missing)
        )


def cells_to_row(
    number: int, header_fields: list[str | None], values: list[str], carried: set[int] | None = None
) -> SourceRow:
    """A `SourceRow` from a grid row, keeping only the understood columns."""
    cells: dict[str, str] = {}
    carried_fields: set[str] = set()
    for index, field_name in enumerate(header_fields):
        if field_name is None:
            continue
        cells[field_name] = values[index] if index < len(values) else ""
        if carried and index in carried:
            carried_fields.add(field_name)
    return SourceRow(number=number, cells=cells, carried=carried_fields)


def find_header_row(grid: list[list[str]], hints: TableHints, limit: int = 30) -> int:
    """Index of the row that holds the header: the first with at least two understood cells."""
    for index, row in enumerate(grid[:limit]):
        if header_score(row, hints) >= 2:
            return index
    raise ReadError(
        "无法识别表格版式:前30行中没有找到表头(如 序号、主要工作任务、进展情况、牵头部门)。"
    )


def meta_from_lines(lines: list[str]) -> dict[str, str]:
    """Title, column, publication date and source from the lines above a table."""
    meta: dict[str, str] = {}
    for raw in lines:
        line = raw.strip()
        if not line:
            continue
        column_match = re.match(r"^【([^】]+)】(.+)$", line)
        if column_match:
            meta["column"], meta["title"] = column_match.group(1), column_match.group(2).strip()
            continue
        date_match = re.search(r"发布日期[::]\s*(\d{4}-\d{2}-\d{2}(?: \d{2}:\d{2})?)", line)
        if date_match:
            meta["published_at"] = date_match.group(1)
        source_match = re.search(r"信息来源[::]\s*(\S+?)(?:\s|浏览次数|$)", line)
        if source_match:
            meta["source"] = source_match.group(1)
        if not date_match and not source_match and "title" not in meta and "情况" in line:
            meta["title"] = line
    return meta
