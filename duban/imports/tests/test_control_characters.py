"""NUL and other control characters: refused at the row that holds them, never stored."""

import json

import pytest

from duban.imports.readers import ReadError, read_table
from duban.imports.readers.base import CONTROL_CHARACTER
from duban.orgs.selectors import DepartmentDirectory
from duban.reporting.progress_table.columns import table_hints

from . import hostile

HINTS = table_hints(DepartmentDirectory(government=None))
CSV_HEAD = "序号,工作任务,进展情况,牵头部门\n1,任务一。,进展一。,市商务局\n"


@pytest.mark.parametrize("control", ["\x00", "\x01", "\x1f", "\x08"])
def test_csv_control_characters_are_refused_naming_row_and_column(control):
    data = (CSV_HEAD + f"2,任务二。,进{control}展。,市财政局\n").encode()
    with pytest.raises(ReadError) as caught:
        read_table("t.csv", data, HINTS)
    assert str(caught.value) == CONTROL_CHARACTER.format(where="第3行(序号2)", column="进展情况")


def test_json_lone_surrogate_is_refused():
    data = json.dumps(
        [{"seq": "1", "task": "任务\ud800", "progress": "进展。", "lead": ["市商务局"]}]
    )
    with pytest.raises(ReadError) as caught:
        read_table("t.json", data.encode(), HINTS)
    assert str(caught.value) == CONTROL_CHARACTER.format(
        where="第1行(序号1)", column="主要工作任务"
    )


def test_words_line_and_page_breaks_become_line_breaks():
    data = (CSV_HEAD + '2,任务二。,"一。\x0b二。\x0c三。",市财政局\n').encode()
    table = read_table("t.csv", data, HINTS)
    assert table.rows[1].cells["progress"] == "一。\n二。\n三。"


def test_xlsx_escaped_nul_never_reaches_a_cell():
    # Excel writes a control character in a cell as _x0000_; it must not come back as NUL.
    def escape(xml: str) -> str:
        return xml.replace("进展一。", "进展_x0000_一。")

    data = hostile.edit_zip_entry(hostile.plain_xlsx(), hostile.SHEET, escape)
    table = read_table("t.xlsx", data, HINTS)
    assert "\x00" not in table.rows[0].cells["progress"]


def test_title_above_the_table_loses_control_characters():
    data = ("2021年执行情况\x00(上半年)\n" + CSV_HEAD).encode()
    table = read_table("t.csv", data, HINTS)
    assert table.meta["title"] == "2021年执行情况(上半年)"
