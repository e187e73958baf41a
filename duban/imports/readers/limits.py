"""How large a table the readers take: one place for the limits every reader enforces."""

from .base import ReadError

# A merged cell spanning more columns or rows than this is a broken file, not a layout.
MAX_SPAN = 1000
# Rows × columns of one expanded table; a real breakdown table has a few thousand cells.
MAX_GRID_CELLS = 1_000_000

TABLE_TOO_LARGE = "表格过大:展开合并单元格后超过 {limit} 个单元格,请拆分后再导入。"


def clamp_span(value: int) -> int:
    return max(1, min(value, MAX_SPAN))


def check_grid_cells(cells: int) -> None:
    if cells > MAX_GRID_CELLS:
        raise ReadError(TABLE_TOO_LARGE.format(limit=MAX_GRID_CELLS))
