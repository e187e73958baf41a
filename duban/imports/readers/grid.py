"""A table already laid out as a grid of cell texts, turned into `SourceRow`s.

The Word and the .xls/.ods readers build such a grid (merged cells expanded the way the HTML
reader expands rowspans and colspans) and share the steps from there: find the header row,
map it, keep the data rows.
"""

import re
from dataclasses import dataclass, field

from .base import (
    LAYOUT_SPACE,
    SourceRow,
    TableHints,
    cells_to_row,
    find_header_row,
    map_header,
    normalise_header,
)

_SPACES_RE = re.compile(r"[ \t\r\f\v]+")


def tidy_cell_text(text: str) -> str:
    """A cell's lines as the HTML reader gives them: runs of spaces made one, empty lines gone."""
    lines = (
        _SPACES_RE.sub(" ", line).strip(LAYOUT_SPACE)
        for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    )
    return "\n".join(line for line in lines if line)


@dataclass
class Grid:
    """Every row has every column; `carried[i]` holds the columns filled from a merge above."""

    rows: list[list[str]]
    carried: list[set[int]] = field(default_factory=list)

    def header_index(self, hints: TableHints) -> int:
        """Raises `ReadError` when no row of the first 30 looks like a header."""
        return find_header_row(self.rows, hints)

    def header_key(self, index: int) -> tuple[str, ...]:
        """The header as printed, spaces aside: tables with the same key are one table."""
        return tuple(normalise_header(cell) for cell in self.rows[index])

    def data_rows(
        self, header_index: int, hints: TableHints, *, first_number: int = 1
    ) -> list[SourceRow]:
        """The rows below the header; `first_number` is the number a person gives row one."""
        header_fields, _ = map_header(self.rows[header_index], hints)
        header_key = self.header_key(header_index)
        rows: list[SourceRow] = []
        for index in range(header_index + 1, len(self.rows)):
            values = self.rows[index]
            if not any(v.strip(LAYOUT_SPACE) for v in values):
                continue
            # A header repeated inside the table (a page break pasted in) is not a task.
            if tuple(normalise_header(v) for v in values) == header_key:
                continue
            carried = self.carried[index] if index < len(self.carried) else set()
            rows.append(cells_to_row(first_number + index, header_fields, values, carried))
        return rows
