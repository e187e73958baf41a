"""The table as the government page's text rendering (from the 序号 header line on).

Cells are separated by one blank line, an empty cell is one extra blank line, and a cell's
paragraphs (or unit lines) are separated by blank lines: the layout the importer reads.
"""

from duban.exports.table import COLUMNS, PrintedTable


def _cell_lines(parts: list[str]) -> list[str]:
    if not parts:
        return [""]  # an empty cell: one blank line of its own
    lines: list[str] = []
    for part in parts:
        lines.extend([part, ""])
    return lines


def render_text(table: PrintedTable) -> bytes:
    lines: list[str] = []
    for header in COLUMNS:
        lines.extend([header, ""])
    for row in table.rows:
        for parts in (
            [row.seq] if row.seq else [],
            [row.task],
            row.paragraphs,
            row.department_lines,
            [row.status_label] if row.status_label else [],
        ):
            lines.extend(_cell_lines(parts))
    # The page ends with the last cell; no separator after it.
    while lines and lines[-1] == "":
        lines.pop()
    return "\n".join(lines).encode("utf-8")
