"""Corrupt and odd files: one Chinese message naming the file's problem, never English text."""

import re

import pytest

from duban.imports.problems import MORE_PROBLEMS, capped
from duban.imports.readers import ReadError, read_table
from duban.imports.readers.csv import BROKEN_CSV, UNCLOSED_QUOTE
from duban.imports.readers.detect import BAD_ENCODING, XLSX_IS_HTML, XLSX_IS_NOT_XLSX
from duban.imports.readers.limits import CELL_TOO_LONG
from duban.imports.readers.xlsx import BROKEN_SHEET, BROKEN_WORKBOOK, NOT_A_ZIP
from duban.orgs.selectors import DepartmentDirectory
from duban.reporting.progress_table.columns import table_hints

from . import hostile

HINTS = table_hints(DepartmentDirectory(government=None))
# Latin words a Chinese message may name: formats and encodings, nothing from an exception.
ALLOWED_WORDS = {"Excel", "CSV", "HTML", "JSON", "UTF", "GB18030", "xlsx", "html", "NUL"}


def refusal(name: str, data: bytes) -> str:
    with pytest.raises(ReadError) as caught:
        read_table(name, data, HINTS)
    message = str(caught.value)
    own_words = re.sub(r"「[^」]*」", "", message)  # names quoted from the file are its own
    english = set(re.findall(r"[A-Za-z][A-Za-z0-9]+", own_words)) - ALLOWED_WORDS
    assert not english, message
    return message


def test_broken_zip():
    assert refusal("t.xlsx", b"PK\x03\x04 not really a zip") == NOT_A_ZIP


def test_truncated_xlsx():
    data = hostile.plain_xlsx()
    assert refusal("t.xlsx", data[: len(data) // 2]) == NOT_A_ZIP


def test_bad_xml_inside_the_sheet():
    data = hostile.edit_zip_entry(hostile.plain_xlsx(), hostile.SHEET, lambda x: x[:-40])
    assert refusal("t.xlsx", data) == BROKEN_SHEET.format(sheet="Sheet")


def test_bad_xml_in_the_workbook():
    data = hostile.edit_zip_entry(hostile.plain_xlsx(), "xl/workbook.xml", lambda x: x[:-20])
    assert refusal("t.xlsx", data) == BROKEN_WORKBOOK


def test_xlsx_that_is_really_html():
    page = "<html><body><table><tr><td>序号</td></tr></table></body></html>".encode()
    assert refusal("t.xlsx", page) == XLSX_IS_HTML


def test_xlsx_that_is_something_else():
    assert refusal("t.xlsx", "序号 工作任务".encode()) == XLSX_IS_NOT_XLSX


def test_wrong_encoding():
    assert refusal("t.csv", b"\xff\xfe\x00\x81\xff,\x80\xff\n") == BAD_ENCODING


def test_cr_only_line_endings_are_a_valid_table():
    text = (
        '序号,工作任务,进展情况,牵头部门\r1,任务一。,"一。\r二。",市商务局\r'
        "2,任务二。,进展。,市财政局\r"
    )
    table = read_table("t.csv", text.encode(), HINTS)
    assert [row.cells["task"] for row in table.rows] == ["任务一。", "任务二。"]
    assert table.rows[0].cells["progress"] == "一。\n二。"
    assert [row.number for row in table.rows] == [2, 3]


def test_a_csv_cell_over_the_field_limit(settings):
    text = "序号,工作任务,进展情况,牵头部门\n1,任务。," + "长" * 200_000 + ",市商务局\n"
    message = refusal("t.csv", text.encode())
    limit = settings.DUBAN_IMPORT_MAX_CELL_CHARS
    assert message == CELL_TOO_LONG.format(limit=limit, where="第2行")


def test_a_csv_cell_longer_than_the_csv_modules_own_limit_but_within_ours():
    text = "序号,工作任务,进展情况,牵头部门\n1,任务。," + "长" * 30_000 + ",市商务局\n"
    (row,) = read_table("t.csv", text.encode(), HINTS).rows
    assert len(row.cells["progress"]) == 30_000


def test_truncated_csv_inside_quotes():
    text = '序号,工作任务,进展情况,牵头部门\n1,任务。,"进展没有写完'
    assert refusal("t.csv", text.encode()) == BROKEN_CSV.format(row=2, problem=UNCLOSED_QUOTE)


def test_truncated_json():
    assert "JSON 格式错误" in refusal("t.json", b'[{"seq": "1", "task": "')


def test_deeply_nested_json():
    assert "嵌套" in refusal("t.json", b"[" * 100_000)


def test_problems_are_capped_with_a_count():
    problems = [f"第{n}行:问题。" for n in range(1, 190_001)]
    shown = capped(problems, 200)
    assert shown[:200] == problems[:200]
    assert shown[200:] == [MORE_PROBLEMS.format(count=189_800)]
    assert capped(problems[:3], 200) == problems[:3]
