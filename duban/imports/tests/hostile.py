"""Files that once exhausted the import worker's memory, built small, for tests and the bench.

Each is a few kilobytes; what made them dangerous is what they declare (a dimension, a merge,
a span), which is written into the XML directly because openpyxl itself would expand it.
"""

import io
import re
import zipfile
from collections.abc import Callable

from openpyxl import Workbook

HEADER = ["序号", "工作任务", "完成情况", "牵头单位", "完成进度"]
ROWS = [
    [1, "任务一。", "进展一。", "市商务局", "按时推进"],
    [2, "任务二。", "进展二。", "市财政局", "进度较快"],
]
SHEET = "xl/worksheets/sheet1.xml"


def plain_xlsx(rows: list[list[object]] | None = None) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER)
    for row in ROWS if rows is None else rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def edit_zip_entry(data: bytes, name: str, edit: Callable[[str], str]) -> bytes:
    """The same archive with one entry's text passed through `edit`."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == name:
                content = edit(content.decode("utf-8")).encode("utf-8")
            target.writestr(info.filename, content)
    return buffer.getvalue()


def far_cell_xlsx() -> bytes:
    """The table plus one cell at the sheet's last row and column (XFD1048576)."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER)
    for row in ROWS:
        sheet.append(row)
    sheet["XFD1048576"] = "x"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def merge_to_sheet_end_xlsx() -> bytes:
    """The table with its 序号 column merged from row 2 down to the sheet's end."""

    def add_merge(xml: str) -> str:
        merge = '<mergeCells count="1"><mergeCell ref="A2:XFD1048576"/></mergeCells>'
        return xml.replace("</sheetData>", "</sheetData>" + merge)

    return edit_zip_entry(plain_xlsx(), SHEET, add_merge)


def declared_million_rows_xlsx() -> bytes:
    """A three-row table whose dimension tag declares a million rows and every column."""

    def declare(xml: str) -> str:
        return re.sub(r'<dimension ref="[^"]*"/>', '<dimension ref="A1:XFD1048576"/>', xml)

    return edit_zip_entry(plain_xlsx(), SHEET, declare)


def huge_spans_html(cells: int = 60, span: int = 1000, per_row: int = 1) -> bytes:
    """An HTML table of `cells` cells, every one with rowspan and colspan `span`: each row
    starts where the spans above end, so the expanded grid widens with every row."""
    header = "".join(f"<th>{name}</th>" for name in HEADER)
    body = []
    for start in range(0, cells, per_row):
        tds = "".join(
            f'<td rowspan="{span}" colspan="{span}">{start + i}</td>' for i in range(per_row)
        )
        body.append(f"<tr>{tds}</tr>")
    return f"<table><tr>{header}</tr>{''.join(body)}</table>".encode()


HOSTILE = {
    "xlsx 单元格位于 XFD1048576": ("far.xlsx", far_cell_xlsx),
    "xlsx 合并单元格到表尾": ("merge.xlsx", merge_to_sheet_end_xlsx),
    "xlsx 声明一百万行": ("declared.xlsx", declared_million_rows_xlsx),
    "html 60 格 rowspan/colspan 1000": ("spans.html", huge_spans_html),
}
