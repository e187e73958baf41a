"""The text rendering reader on small tables with each of the seed's quirks."""

import pytest

from duban.imports.readers import ReadError
from duban.imports.readers.text import read_text, to_blocks
from duban.orgs.selectors import DepartmentDirectory
from duban.reporting.progress_table.columns import table_hints

HINTS = table_hints(DepartmentDirectory(government=None))
HEADER = "序号\n\n主要工作任务\n\n进展情况\n\n牵头部门\n\n进展状态\n\n"


def rows_of(text: str):
    return read_text(text, HINTS).rows


def test_blocks_count_extra_blank_lines_as_empty_cells():
    blocks = to_blocks("a\n\nb\n\n\nc\n\n\n\nd")
    assert [b.text for b in blocks] == ["a", "b", "", "c", "", "", "d"]
    assert [b.line for b in blocks if b.text] == [1, 3, 6, 10]


def test_paragraphs_and_unit_lines_are_told_apart():
    table = HEADER + (
        "1\n\n任务一。\n\n1.第一段,完成。\n\n2.第二段,完成。\n\n嘉善县政府、\n\n长三角发展办\n\n按时推进"
    )
    (row,) = rows_of(table)
    assert row.cells == {
        "seq": "1",
        "task": "任务一。",
        "progress": "1.第一段,完成。\n2.第二段,完成。",
        "departments": "嘉善县政府、\n长三角发展办",
        "status": "按时推进",
    }


def test_empty_status_cell_is_one_extra_blank_line():
    table = (
        HEADER
        + "14\n\n任务。\n\n进展,完成。\n\n市科技局\n\n\n"
        + "15\n\n任务。\n\n进展。\n\n市科技局\n\n按时推进"
    )
    first, second = rows_of(table)
    assert first.cells["status"] == ""
    assert second.cells["seq"] == "15"


def test_sub_row_has_an_empty_seq_cell():
    table = HEADER + (
        "11\n\n任务。\n\n进展。\n\n市交通运输局\n\n按时推进\n\n\n"
        "子任务。\n\n市区快速路环线一二期工程、T1线一期工程示范段于6月25日正式通车\n\n嘉通集团、\n\n铁投集团\n\n进度较快"
    )
    _parent, sub = rows_of(table)
    assert sub.cells["seq"] == ""
    assert sub.cells["task"] == "子任务。"
    # A short progress line without a full stop is still progress, not a unit.
    assert sub.cells["progress"].startswith("市区快速路环线")
    assert sub.cells["departments"] == "嘉通集团、\n铁投集团"
    assert sub.cells["status"] == "进度较快"


def test_meta_comes_from_the_lines_above_the_table():
    page = (
        (
            "首页\n> 政务公开 > 政务专题 > 督查督办\n\n【栏目名】2021年某市执行情况(上半年)\n\n"
            "发布日期:2021-09-08 17:17 信息来源:市政府办公室 浏览次数:\n\n"
        )
        + HEADER
        + "1\n\n任务。\n\n进展。\n\n市商务局\n\n按时推进"
    )
    table = read_text(page, HINTS)
    assert table.meta == {
        "column": "栏目名",
        "title": "2021年某市执行情况(上半年)",
        "published_at": "2021-09-08 17:17",
        "source": "市政府办公室",
    }


def test_cut_off_row_reports_what_is_missing():
    table = HEADER + "1\n\n任务。\n\n进展。\n\n市商务局\n\n按时推进\n\n2\n\n任务二。\n\n进展二。"
    first, second = rows_of(table)
    assert not first.missing
    assert "status" in second.missing


def test_layout_without_status_column():
    table = (
        "序号\n\n内容与要求\n\n进展情况\n\n责任单位\n\n"
        "1\n\n任务。\n\n进展,完成。\n\n市商务局\n\n2\n\n任务二。\n\n进展二。\n\n市财政局、\n\n市税务局"
    )
    parsed = read_text(table, HINTS)
    assert parsed.fields == ["seq", "task", "progress", "departments"]
    assert [r.cells["departments"] for r in parsed.rows] == ["市商务局", "市财政局、\n市税务局"]


def test_layout_with_units_before_progress():
    table = (
        "序号\n\n任务内容\n\n牵头单位\n\n完成情况\n\n"
        "1\n\n任务。\n\n市商务局\n\n1.进展一。\n\n2.进展二。\n\n2\n\n任务二。\n\n市财政局\n\n进展。"
    )
    rows = read_text(table, HINTS).rows
    assert [r.cells["progress"] for r in rows] == ["1.进展一。\n2.进展二。", "进展。"]
    assert [r.cells["departments"] for r in rows] == ["市商务局", "市财政局"]


def test_unknown_layout_is_refused_in_chinese():
    with pytest.raises(ReadError, match="无法识别表格版式"):
        read_text("标题\n\n甲\n\n乙\n\n丙", HINTS)


def test_header_without_a_required_column_is_refused():
    with pytest.raises(ReadError, match="牵头部门"):
        read_text("序号\n\n主要工作任务\n\n进展情况\n\n1\n\n任务。\n\n进展。", HINTS)
