"""What every reader returns, and the header matching they share."""

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum


class ReadError(Exception):
    """The file cannot be read as a table at all (message in Chinese)."""


# Every reader's "columns not recognised" message starts so: the office can map them by hand.
LAYOUT_NOT_RECOGNISED = "无法识别表格版式"


def is_layout_error(error: ReadError) -> bool:
    """Whether the file was read but its columns were not recognised (a mapping can help)."""
    return str(error).startswith(LAYOUT_NOT_RECOGNISED)


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
    # The whole header row at once, when a header's meaning depends on its neighbours
    # (责任单位 beside 牵头单位 names the co-operating units); else `field_for_header` each.
    fields_for_headers: Callable[[list[str]], list[str | None]] | None = None
    # Fields two columns may share (a task over 项目 + 建设内容): the second is "task#2".
    repeatable: frozenset[str] = frozenset()
    # Keep a column not understood with its row as "?<header>", instead of dropping it.
    keep_unknown: bool = False


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


UNKNOWN_PREFIX = "?"
REPEAT_MARK = "#"


def is_understood(key: str | None) -> bool:
    """Whether a column key names a field (not a column kept only because it is not understood)."""
    return key is not None and not key.startswith(UNKNOWN_PREFIX)


def base_field(key: str) -> str:
    """The field of a column key: "task#2" → "task"."""
    return key.split(REPEAT_MARK, 1)[0]


def map_header(cells: list[str], hints: TableHints) -> tuple[list[str | None], list[str]]:
    """Keys for each header cell (None where dropped) and the texts not understood.

    A key is a field, a repeated field ("task#2", when `hints.repeatable` allows it), or,
    with `hints.keep_unknown`, "?<header>" for a column not understood.
    """
    names = [normalise_header(cell) for cell in cells]
    if hints.fields_for_headers is not None:
        meanings = hints.fields_for_headers(names)
    else:
        meanings = [hints.field_for_header(name) if name else None for name in names]
    fields: list[str | None] = []
    ignored: list[str] = []
    seen: dict[str, int] = {}
    for name, mapped in zip(names, meanings, strict=True):
        if mapped is not None and (mapped not in seen or mapped in hints.repeatable):
            seen[mapped] = seen.get(mapped, 0) + 1
            fields.append(mapped if seen[mapped] == 1 else f"{mapped}{REPEAT_MARK}{seen[mapped]}")
            continue
        if not name:
            fields.append(None)
            continue
        ignored.append(name)
        key = f"{UNKNOWN_PREFIX}{name}"
        if not hints.keep_unknown:
            fields.append(None)
        elif key in seen:
            seen[key] += 1
            fields.append(f"{key}{REPEAT_MARK}{seen[key]}")
        else:
            seen[key] = 1
            fields.append(key)
    return fields, ignored


def header_score(cells: list[str], hints: TableHints) -> int:
    fields, _ = map_header(cells, hints)
    return sum(1 for f in fields if is_understood(f))


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


CONTROL_CHARACTER = (
    "{where}「{column}」含有不可见的控制字符(如空字符 NUL),无法保存和导出,请删除后重新上传。"
)
# Word's manual line and page breaks, pasted into a cell: they are line breaks.
_BREAK_CONTROLS_RE = re.compile("[\x0b\x0c]")
# The rest of what XML 1.0 forbids (an xlsx download could not hold it), and lone surrogates.
_CONTROL_RE = re.compile("[\x00-\x08\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def check_controls(table: SourceTable, hints: TableHints) -> None:
    """Refuse a cell holding NUL or another control character, naming its row and column;
    line and page breaks become line breaks. Lines above the table lose them silently."""
    for row in table.rows:
        for field_name, text in row.cells.items():
            if _BREAK_CONTROLS_RE.search(text):
                text = row.cells[field_name] = _BREAK_CONTROLS_RE.sub("\n", text)
            if _CONTROL_RE.search(text):
                column = hints.labels.get(field_name, field_name)
                raise ReadError(CONTROL_CHARACTER.format(where=row.where, column=column))
    for key, text in table.meta.items():
        table.meta[key] = _CONTROL_RE.sub("", _BREAK_CONTROLS_RE.sub(" ", text))
    table.ignored_headers = [_CONTROL_RE.sub("", h) for h in table.ignored_headers]


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
