"""How much a table file may hold once read, and the refusals that name what went past.

The numbers are settings (DUBAN_IMPORT_MAX_*, documented in config/settings/base.py); every
reader checks them while it reads, so a hostile file is refused before it costs memory.
"""

import io
import zipfile
from dataclasses import dataclass

from django.conf import settings

from .base import ReadError

# A reader run in a child process (calamine) gets this much memory and time.
READER_MEMORY_BYTES = 1024 * 1024 * 1024
READER_SECONDS = 60

TOO_MANY_ROWS = "表格超过 {limit} 行的上限({where}),请拆分后分批导入。"
TOO_MANY_COLUMNS = "表格超过 {limit} 列的上限({where}),请删除多余的列后重新上传。"
TOO_MANY_CELLS = (
    "表格展开合并单元格后超过 {limit} 个单元格的上限({where}),请删除多余的行列后重新上传。"
)
SPAN_TOO_LARGE = "合并单元格跨度超过 {limit} 的上限({where}),请取消该合并后重新上传。"
CELL_TOO_LONG = "单元格超过 {limit} 个字符的上限({where}),请精简内容后重新上传。"
UNZIPPED_TOO_LARGE = "文件解压后超过 {limit} MB 的上限,可能不是正常的表格文件。"


@dataclass(frozen=True)
class ImportLimits:
    max_rows: int
    max_columns: int
    max_cells: int
    max_span: int
    max_cell_chars: int
    max_unzipped_bytes: int

    @classmethod
    def from_settings(cls) -> "ImportLimits":
        return cls(
            max_rows=settings.DUBAN_IMPORT_MAX_ROWS,
            max_columns=settings.DUBAN_IMPORT_MAX_COLUMNS,
            max_cells=settings.DUBAN_IMPORT_MAX_CELLS,
            max_span=settings.DUBAN_IMPORT_MAX_SPAN,
            max_cell_chars=settings.DUBAN_IMPORT_MAX_CELL_CHARS,
            max_unzipped_bytes=settings.DUBAN_IMPORT_MAX_UNZIPPED_BYTES,
        )

    def check_row(self, row: int, where: str) -> None:
        if row > self.max_rows:
            raise ReadError(TOO_MANY_ROWS.format(limit=self.max_rows, where=where))

    def check_column(self, column: int, where: str) -> None:
        if column > self.max_columns:
            raise ReadError(TOO_MANY_COLUMNS.format(limit=self.max_columns, where=where))

    def check_cells(self, cells: int, where: str) -> None:
        if cells > self.max_cells:
            raise ReadError(TOO_MANY_CELLS.format(limit=self.max_cells, where=where))

    def check_span(self, span: int, where: str) -> None:
        if span > self.max_span:
            raise ReadError(SPAN_TOO_LARGE.format(limit=self.max_span, where=where))

    def check_text(self, text: str, where: str) -> None:
        if len(text) > self.max_cell_chars:
            raise ReadError(CELL_TOO_LONG.format(limit=self.max_cell_chars, where=where))

    def check_grid(self, grid: list[list[str]]) -> None:
        """Rows, columns and cells of a grid a reader has built (csv, text)."""
        self.check_row(len(grid), f"第{len(grid)}行")
        cells = 0
        for index, row in enumerate(grid, start=1):
            self.check_column(len(row), f"第{index}行")
            cells += len(row)
            for text in row:
                self.check_text(text, f"第{index}行")
        self.check_cells(cells, f"第{len(grid)}行")


def clamp_span(value: int) -> int:
    """A Word merge wider than the span limit is cut to it; the cell check then bounds the grid."""
    return max(1, min(value, settings.DUBAN_IMPORT_MAX_SPAN))


def check_unpacked_size(data: bytes) -> None:
    """A zip package's declared unpacked size; an unreadable zip is left to its reader."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            unpacked = sum(info.file_size for info in package.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return
    limit = settings.DUBAN_IMPORT_MAX_UNZIPPED_BYTES
    if unpacked > limit:
        raise ReadError(UNZIPPED_TOO_LARGE.format(limit=limit // (1024 * 1024)))


def check_grid_cells(cells: int) -> None:
    """Cells of a table once its merged cells are expanded (Word, old Excel)."""
    ImportLimits.from_settings().check_cells(cells, "展开合并单元格后")
