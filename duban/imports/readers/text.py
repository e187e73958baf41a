"""The text rendering of a web-page table, as copied from a browser.

Cells are separated by one blank line; an empty cell shows as one extra blank line; a cell
may hold several paragraphs (进展情况) or several lines (牵头部门), themselves separated by
blank lines. So cell borders are found by what the cells look like (`TableHints`): a 序号 is
a number or empty, a status is a word of the vocabulary, unit lines read as unit names.
"""

import itertools
import re
from dataclasses import dataclass, replace

from .base import (
    LAYOUT_SPACE,
    ReadError,
    Role,
    SourceRow,
    SourceTable,
    TableHints,
    check_required,
    map_header,
    meta_from_lines,
)
from .limits import ImportLimits

TOO_MANY_LINES = "文本超过 {limit} 行的上限,请拆分后分批导入。"

_KEY_RE = re.compile(r"^\d{1,4}$")


@dataclass(frozen=True)
class Block:
    """A cell part: one non-blank line, or an empty cell (text "")."""

    text: str
    line: int  # 1-based line number in the file


def to_blocks(content: str) -> list[Block]:
    """Lines as blocks; every blank line beyond the one separator is an empty cell."""
    blocks: list[Block] = []
    blank_run = 0
    for number, raw in enumerate(content.split("\n"), start=1):
        line = raw.rstrip("\r")
        if line.strip(LAYOUT_SPACE) == "":
            blank_run += 1
            continue
        # One blank line separates two cells; each further blank line is an empty cell.
        blocks.extend(Block("", number - blank_run + k) for k in range(1, blank_run))
        blank_run = 0
        blocks.append(Block(line, number))
    return blocks


def read_text(content: str, hints: TableHints) -> SourceTable:
    limits = ImportLimits.from_settings()
    # A table's text rendering has a few lines per cell: lines are bounded like cells.
    lines = content.count("\n") + 1
    if lines > limits.max_cells:
        raise ReadError(TOO_MANY_LINES.format(limit=limits.max_cells))
    # Cell borders are found by each column's role: every column must be a known field.
    hints = replace(hints, keep_unknown=False, repeatable=frozenset())
    blocks = to_blocks(content.lstrip("\ufeff"))
    start, fields, ignored = _find_header(blocks, hints)
    check_required(fields, hints)
    meta = meta_from_lines([b.text for b in blocks[:start]])
    rows = _Segmenter(blocks, start + len(fields) + len(ignored), fields, hints).rows()
    limits.check_row(len(rows), f"第{len(rows)}行")
    return SourceTable(fields=fields, rows=rows, meta=meta, ignored_headers=ignored, format="text")


def _find_header(blocks: list[Block], hints: TableHints) -> tuple[int, list[str], list[str]]:
    """The header: a run of single-line blocks that are (mostly) known column names."""
    for index, block in enumerate(blocks):
        if not block.text or hints.field_for_header(block.text.strip(LAYOUT_SPACE)) is None:
            continue
        run: list[str] = []
        for following in itertools.islice(blocks, index, None):
            name = following.text.strip(LAYOUT_SPACE)
            if not name or len(name) > 12:
                break
            mapped, _ = map_header([name], hints)
            if mapped[0] is None and len(run) >= 2:
                # An unknown column name is accepted only inside the header, not at its end.
                lookahead = blocks[index + len(run) + 1 : index + len(run) + 2]
                if (
                    not lookahead
                    or hints.field_for_header(lookahead[0].text.strip(LAYOUT_SPACE)) is None
                ):
                    break
            run.append(name)
        fields_or_none, ignored = map_header(run, hints)
        fields = [f for f in fields_or_none if f is not None]
        if len(fields) >= 2:
            return index, fields, ignored
    raise ReadError(
        "无法识别表格版式:没有找到表头(如 序号、主要工作任务、进展情况、牵头部门、进展状态)。"
    )


class _Segmenter:
    """Walks the blocks after the header, one row at a time, column by column."""

    def __init__(self, blocks: list[Block], start: int, fields: list[str], hints: TableHints):
        self.blocks = blocks
        self.pos = start
        self.fields = fields
        self.hints = hints
        self.roles = [hints.roles[f] for f in fields]
        self.has_label = Role.LABEL in self.roles
        self.complete = True

    def rows(self) -> list[SourceRow]:
        rows: list[SourceRow] = []
        while self.pos < len(self.blocks):
            if not rows and self._only_empty_left():
                break
            rows.append(self._row(len(rows) + 1))
            if self._only_empty_left():
                break
        if not rows:
            raise ReadError("表格没有数据行。")
        return rows

    def _only_empty_left(self) -> bool:
        return all(not b.text for b in itertools.islice(self.blocks, self.pos, None))

    def _row(self, number: int) -> SourceRow:
        first_line = self.blocks[self.pos].line
        row = SourceRow(number=number, cells={}, line=first_line)
        end, self.complete = self._row_end()
        for index, (field, role) in enumerate(zip(self.fields, self.roles, strict=True)):
            if self.pos >= end or (role is Role.LABEL and not self.complete):
                row.missing.extend(self.fields[index:])
                break
            next_role = self.roles[index + 1] if index + 1 < len(self.roles) else None
            row.cells[field] = self._take(role, next_role, end)
        self.pos = max(self.pos, end)
        return row

    def _row_end(self) -> tuple[int, bool]:
        """Index just past this row (after its status, or before the next row's 序号), and
        whether the row ended properly rather than being cut off by the end of the file."""
        blocks = self.blocks
        # Skip the row's own 序号 and task text before looking for where it ends.
        scan = self.pos + 2
        while scan < len(blocks):
            text = blocks[scan].text
            if self.has_label:
                if text and (
                    self.hints.is_label(text.strip(LAYOUT_SPACE)) or self._unknown_label(scan)
                ):
                    return scan + 1, True
                # An empty status cell: an empty block just before the next row's 序号.
                before_next_row = scan + 1 >= len(blocks) or _KEY_RE.match(blocks[scan + 1].text)
                after_units = scan > self.pos + 2 and self.hints.is_list_line(blocks[scan - 1].text)
                if not text and before_next_row and after_units:
                    return scan + 1, True
            elif self._starts_next_row(scan):
                return scan, True
            scan += 1
        # Without a status column the file's end is a row's natural end.
        return len(blocks), not self.has_label

    def _unknown_label(self, index: int) -> bool:
        """A status cell with a word outside the vocabulary: a short line after the unit
        lines, followed by the next row's 序号 or the end. The checker names the bad word."""
        text = self.blocks[index].text.strip(LAYOUT_SPACE)
        if len(text) > 8 or self.hints.is_list_line(text):
            return False
        if not self.hints.is_list_line(self.blocks[index - 1].text):
            return False
        following = (
            self.blocks[index + 1].text.strip(LAYOUT_SPACE)
            if index + 1 < len(self.blocks)
            else None
        )
        return following is None or following == "" or bool(_KEY_RE.match(following))

    def _starts_next_row(self, index: int) -> bool:
        """Without a status column: a 序号 (or an empty one) after the last column's cell."""
        text = self.blocks[index].text.strip(LAYOUT_SPACE)
        if text and not _KEY_RE.match(text):
            return False
        if self.roles[-1] is not Role.LIST:
            return bool(text)
        return self.hints.is_list_line(self.blocks[index - 1].text)

    def _take(self, role: Role, next_role: Role | None, end: int) -> str:
        blocks = self.blocks
        if role in (Role.KEY, Role.TEXT, Role.LABEL):
            block = blocks[self.pos]
            if (
                role is Role.KEY
                and block.text
                and not _KEY_RE.match(block.text.strip(LAYOUT_SPACE))
            ):
                # No 序号 cell printed at all: the row starts with its task text.
                return ""
            self.pos += 1
            return block.text.strip(LAYOUT_SPACE)
        if role is Role.LIST:
            taken: list[str] = []
            while (
                self.pos < end
                and blocks[self.pos].text
                and (not taken or self.hints.is_list_line(blocks[self.pos].text))
            ):
                if next_role is Role.LABEL and self.hints.is_label(
                    blocks[self.pos].text.strip(LAYOUT_SPACE)
                ):
                    break
                taken.append(blocks[self.pos].text.strip(LAYOUT_SPACE))
                self.pos += 1
            if not taken and self.pos < end and not blocks[self.pos].text:
                self.pos += 1  # an empty cell
            return "\n".join(taken)
        # PARAGRAPHS: up to the unit lines (when a LIST follows) or to the row's end.
        stop = end
        if next_role is Role.LABEL and self.complete and end - 1 >= self.pos:
            stop = end - 1
        elif next_role is Role.LIST:
            stop = self._list_start(self.pos, end)
        paragraphs = [b.text.strip(LAYOUT_SPACE) for b in blocks[self.pos : stop]]
        self.pos = stop
        return "\n".join(p for p in paragraphs if p)

    def _list_start(self, begin: int, end: int) -> int:
        """Where the trailing unit lines of a row begin (the status cell excluded)."""
        last = end - 1 if self.has_label and self.complete else end
        start = last
        while (
            start - 1 > begin
            and self.blocks[start - 1].text
            and self.hints.is_list_line(self.blocks[start - 1].text)
        ):
            start -= 1
        return start
