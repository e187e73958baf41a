"""HTML, xlsx and csv readers: rowspans, merged cells, empty cells, encodings."""

import io
from pathlib import Path

import pytest
from openpyxl import Workbook

from duban.imports.readers import ReadError, read_table
from duban.imports.readers.detect import detect_format
from duban.orgs.selectors import DepartmentDirectory
from duban.reporting.progress_table.columns import table_hints

HINTS = table_hints(DepartmentDirectory(government=None))
FIXTURES = Path(__file__).parent / "fixtures"


def test_html_rowspans_make_sub_rows_and_carry_units():
    table = read_table("page.html", (FIXTURES / "jiaxing-rowspans.html").read_bytes(), HINTS)
    assert table.format == "html"
    assert table.meta["title"].endswith("(上半年)")
    assert table.meta["published_at"] == "2021-09-08 17:17"
    assert table.meta["source"] == "市政府办公室"
    task11, sub, task12, task14 = table.rows
    assert task11.cells["progress"] == "1.通过评审。\n2.启动前期工作。"
    # The sub-row's 序号 comes from the rowspan above: it is marked as carried.
    assert "seq" in sub.carried
    assert sub.cells["departments"] == "嘉通集团、\n铁投集团"
    # A 牵头部门 cell spanning two rows belongs to both.
    assert task14.cells["departments"] == "市科技局"
    assert task14.cells["status"] == ""
    assert task12.number == 4  # the HTML row a person counts, header included


def _xlsx(rows, merges=()):
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    for merge in merges:
        sheet.merge_cells(merge)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_xlsx_merged_seq_makes_a_sub_row_and_keeps_excel_row_numbers():
    data = _xlsx(
        [
            ["2021年某市重点工作执行情况(上半年)"],
            ["序 号", "工作任务", "完成情况", "牵头单位", "完成进度"],
            [1, "任务一。", "进展一。", "市商务局", "按时推进"],
            [None, "子任务。", "子进展。", "市财政局", "进度较快"],
        ],
        merges=["A3:A4"],
    )
    table = read_table("t.xlsx", data, HINTS)
    assert table.fields == ["seq", "task", "progress", "departments", "status"]
    first, sub = table.rows
    assert first.cells["seq"] == "1"  # an Excel number is read as printed
    assert "seq" in sub.carried
    assert (first.number, sub.number) == (3, 4)
    assert table.meta["title"] == "2021年某市重点工作执行情况(上半年)"


def test_csv_in_gb18030_with_line_breaks_inside_cells():
    text = '序号,内容与要求,进展情况,责任单位\r\n1,任务。,"1.一。\n2.二。",市商务局\r\n'
    table = read_table("t.csv", text.encode("gb18030"), HINTS)
    (row,) = table.rows
    assert row.cells["progress"] == "1.一。\n2.二。"
    assert "status" not in table.fields


def test_unknown_columns_are_named_not_silently_dropped():
    text = "序号,工作任务,进展情况,牵头部门,监督电话\r\n1,任务。,进展。,市商务局,12345\r\n"
    table = read_table("t.csv", text.encode(), HINTS)
    assert table.ignored_headers == ["监督电话"]
    # …and kept with the row, under its printed header.
    assert table.rows[0].cells["?监督电话"] == "12345"


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        ("a.xlsx", b"PK\x03\x04rest", "xlsx"),
        ("a.bin", b"PK\x03\x04rest", "xlsx"),
        ("a.html", b"<p>", "html"),
        ("a.txt", b"<!DOCTYPE html><table>", "html"),
        ("a.csv", b"a,b", "csv"),
        ("a.txt", "序号".encode(), "text"),
    ],
)
def test_detect_format(name, data, expected):
    assert detect_format(name, data) == expected


def test_broken_xlsx_is_refused_in_chinese():
    with pytest.raises(ReadError, match="无法打开 Excel 文件"):
        read_table("t.xlsx", b"PK\x03\x04 not really a zip", HINTS)


def test_html_without_a_table_is_refused_in_chinese():
    with pytest.raises(ReadError, match="没有找到带表头"):
        read_table("t.html", "<html><body><p>没有表格</p></body></html>".encode(), HINTS)
