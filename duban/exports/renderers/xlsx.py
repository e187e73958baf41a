"""The table as an xlsx workbook: a title row, then the five columns, wrapped text."""

import io
import re
import zipfile

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from duban.exports.table import COLUMNS, PrintedTable

from .cells import xlsx_row

WIDTHS = (6, 40, 80, 20, 10)
# A workbook's bytes depend only on its content: the document properties and the zip entries
# carry this fixed time instead of "now", so the same snapshot always downloads the same file
# (a published file written once equals what the page serves later; see published_files.py).
FIXED_DATE_TIME = (2000, 1, 1, 0, 0, 0)
FIXED_STAMP = b"2000-01-01T00:00:00Z"
CORE_PROPERTIES = "docProps/core.xml"
STAMP_RE = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)")


def workbook_bytes(workbook: Workbook) -> bytes:
    """The saved workbook, byte-for-byte the same for the same content."""
    saved = io.BytesIO()
    workbook.save(saved)
    stable = io.BytesIO()
    with (
        zipfile.ZipFile(saved) as source,
        zipfile.ZipFile(stable, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for entry in source.infolist():
            fixed = zipfile.ZipInfo(entry.filename, date_time=FIXED_DATE_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            data = source.read(entry)
            if entry.filename == CORE_PROPERTIES:
                # openpyxl stamps both with the clock while saving, whatever was set.
                data = STAMP_RE.sub(rb"\g<1>" + FIXED_STAMP + rb"\g<2>", data)
            target.writestr(fixed, data)
    return stable.getvalue()


def render_xlsx(table: PrintedTable) -> bytes:
    workbook = Workbook()
    sheet = workbook.worksheets[0]
    sheet.title = "进展情况"
    xlsx_row(sheet, [table.title])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(COLUMNS))
    sheet["A1"].font = Font(bold=True, size=14)
    meta = []
    if table.published_at:
        meta.append(f"发布日期:{table.published_at}")
    if table.source:
        meta.append(f"信息来源:{table.source}")
    xlsx_row(sheet, [" ".join(meta)])
    xlsx_row(sheet, list(COLUMNS))
    for cell in sheet[3]:
        cell.font = Font(bold=True)
    for row in table.rows:
        # 序号 stays text so "01" or "" survive; Excel shows it as printed.
        xlsx_row(sheet, [row.seq, row.task, row.progress, row.departments_text, row.status_label])
    wrap = Alignment(wrap_text=True, vertical="top")
    for row_cells in sheet.iter_rows(min_row=4):
        for cell in row_cells:
            cell.alignment = wrap
            cell.number_format = "@"
    for index, width in enumerate(WIDTHS):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    sheet.freeze_panes = "A4"
    return workbook_bytes(workbook)


def render_rows_xlsx(*, title: str, header: list[str], rows: list[list[object]]) -> bytes:
    """Any list page as a workbook: a title row, a bold header, wrapped text."""
    workbook = Workbook()
    sheet = workbook.worksheets[0]
    sheet.title = "导出"
    xlsx_row(sheet, [title])
    sheet["A1"].font = Font(bold=True, size=14)
    xlsx_row(sheet, header)
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for row in rows:
        xlsx_row(sheet, row)
    for row_cells in sheet.iter_rows(min_row=3):
        for cell in row_cells:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A3"
    return workbook_bytes(workbook)
