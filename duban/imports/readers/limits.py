"""How large a table the readers take: one place for the limits every reader enforces."""

import io
import zipfile

from .base import ReadError

# A merged cell spanning more columns or rows than this is a broken file, not a layout.
MAX_SPAN = 1000
# Rows × columns of one expanded table; a real breakdown table has a few thousand cells.
MAX_GRID_CELLS = 1_000_000
# A zip package (docx) whose parts unpack to more than this is refused before it is opened.
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
# A reader run in a child process (calamine) gets this much memory and time.
READER_MEMORY_BYTES = 1024 * 1024 * 1024
READER_SECONDS = 60

TABLE_TOO_LARGE = "表格过大:展开合并单元格后超过 {limit} 个单元格,请拆分后再导入。"
UNPACKS_TOO_LARGE = "文件解压后超过 {limit} MB,请删去其中的图片等内容后再导入。"


def clamp_span(value: int) -> int:
    return max(1, min(value, MAX_SPAN))


def check_unpacked_size(data: bytes) -> None:
    """A zip package's declared unpacked size; an unreadable zip is left to its reader."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            unpacked = sum(info.file_size for info in package.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return
    if unpacked > MAX_UNPACKED_BYTES:
        raise ReadError(UNPACKS_TOO_LARGE.format(limit=MAX_UNPACKED_BYTES // (1024 * 1024)))


def check_grid_cells(cells: int) -> None:
    if cells > MAX_GRID_CELLS:
        raise ReadError(TABLE_TOO_LARGE.format(limit=MAX_GRID_CELLS))
