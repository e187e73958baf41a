"""Checking a progress table before anything is written: counts, quirks, problems by row."""

import pytest

from duban.core.status import get_profile
from duban.imports.readers import read_table
from duban.orgs.selectors import DepartmentDirectory
from duban.reporting.progress_table.columns import field_for_header, table_hints
from duban.reporting.progress_table.preview import preview_table
from duban.reporting.progress_table.rows import (
    ROW_BAD_STATUS,
    ROW_CUT_OFF,
    ROW_DUPLICATE_SEQ,
    ROW_EMPTY_FIELD,
    ROW_ORPHAN_SUBROW,
)

JIAXING = get_profile("jiaxing")
EMPTY_TREE = DepartmentDirectory(government=None)
HEADER = "序号\n\n主要工作任务\n\n进展情况\n\n牵头部门\n\n进展状态\n\n"


def preview(text: str, directory: DepartmentDirectory = EMPTY_TREE, name: str = "t.txt"):
    table = read_table(name, text.encode(), table_hints(directory))
    return preview_table(table, profile=JIAXING, directory=directory)


def test_seed_summary(seed_bytes):
    table = read_table("seed.txt", seed_bytes, table_hints(EMPTY_TREE))
    summary = preview_table(table, profile=JIAXING, directory=EMPTY_TREE).summary()
    assert summary["rows"] == 100
    assert summary["numbered_tasks"] == 96
    assert summary["sub_rows"] == 4
    assert summary["status_counts"] == {"按时推进": 88, "进度较快": 7, "部分滞后": 3, "进度滞后": 1}
    assert summary["empty_status"] == 1
    assert summary["problems"] == []
    assert summary["meta"]["published_at"] == "2021-09-08 17:17"
    assert summary["meta"]["source"] == "市政府办公室"


def test_seed_quirks_are_kept(seed_bytes):
    table = read_table("seed.txt", seed_bytes, table_hints(EMPTY_TREE))
    drafts = {
        d.seq or f"sub-after-{i}": d
        for i, d in enumerate(preview_table(table, profile=JIAXING, directory=EMPTY_TREE).drafts)
    }
    # Task 14 has no status; the four sub-rows follow tasks 11, 21, 25 and 77.
    assert drafts["14"].status == ""
    subs = [d for d in drafts.values() if not d.seq]
    assert [s.task[:6] for s in subs] == [
        "市区快速路一",
        "多形式引进院",
        "高铁新城板块",
        "新增绿色工厂",
    ]
    # Typos are data.
    assert "3.口支援" in drafts["7"].progress
    assert subs[3].progress.startswith("1-6新增绿色工厂")
    # Numbered paragraphs stay paragraphs.
    assert drafts["1"].progress.count("\n") == 2
    # A missing separator between two units, and 、 inside a group name.
    assert drafts["12"].department_names == [
        "市科技局",
        "各县(市、区)政府",
        "嘉兴经济技术开发区(国际商务区)",
        "嘉兴港区",
    ]
    # The same unit printed with and without 市 is read as printed (resolved later).
    assert drafts["9"].department_names == ["交通运输局"]
    assert drafts["10"].department_names == ["市交通运输局"]
    # The first unit is the lead.
    assert drafts["8"].department_names[0] == "市发展改革委"


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("牵头部门", "departments"),
        ("牵头单位", "departments"),
        ("责任单位", "departments"),
        ("进展情况", "progress"),
        ("完成情况", "progress"),
        ("推进情况", "progress"),
        ("主要工作任务", "task"),
        ("工作任务", "task"),
        ("内容与要求", "task"),
        ("进展状态", "status"),
        ("完成进度", "status"),
        ("序号", "seq"),
        ("牵头领导", "leader"),
        ("进展情况(截至6月底)", "progress"),
        ("备注", "remarks"),
        ("监督电话", None),
    ],
)
def test_header_synonyms(header, field):
    assert field_for_header(header) == field


def test_status_outside_the_vocabulary_names_the_row():
    result = preview(HEADER + "1\n\n任务。\n\n进展。\n\n市商务局\n\n进度很快")
    assert result.problems == [
        ROW_BAD_STATUS.format(
            where="第1行(序号1,原文第11行)",
            label="进度很快",
            vocabulary="进度较快、按时推进、部分滞后、进度滞后",
        )
    ]


@pytest.mark.parametrize(
    ("tail", "missing"),
    [("进展二。\n\n市财政局", "「进展状态」"), ("进展二。", "「牵头部门」、「进展状态」")],
)
def test_cut_off_row_is_a_problem(tail, missing):
    first = "1\n\n任务。\n\n进展。\n\n市商务局\n\n按时推进\n\n"
    result = preview(HEADER + first + "2\n\n任务二。\n\n" + tail)
    assert result.problems == [ROW_CUT_OFF.format(where="第2行(序号2,原文第21行)", fields=missing)]


def test_duplicate_seq_and_orphan_sub_row():
    text = (
        "序号,工作任务,进展情况,牵头单位\r\n"
        ",孤立子项。,进展。,市商务局\r\n"
        "1,任务。,进展。,市商务局\r\n"
        "1,任务。,进展。,市商务局\r\n"
    )
    result = preview(text, name="t.csv")
    assert ROW_ORPHAN_SUBROW.format(where="第2行") in result.problems
    assert ROW_DUPLICATE_SEQ.format(where="第4行(序号1)", seq="1", other=3) in result.problems


def test_empty_required_cell_is_a_problem():
    result = preview("序号,工作任务,进展情况,牵头单位\r\n1,任务。,,市商务局\r\n", name="t.csv")
    assert result.problems == [ROW_EMPTY_FIELD.format(where="第2行(序号1)", field="进展情况")]


def test_layout_without_status_column_imports_empty_statuses():
    result = preview(
        "序号,内容与要求,完成情况,责任单位\r\n1,任务。,进展。,市商务局\r\n", name="t.csv"
    )
    assert result.is_valid
    assert result.drafts[0].status == ""
    assert any("没有「进展状态」列" in w for w in result.warnings)


def test_leader_grouping_rows_and_starred_lead():
    text = (
        "序号,目标任务,责任单位,推进情况\r\n"
        "洪湖鹏市长主抓重点工作,洪湖鹏市长主抓重点工作,洪湖鹏市长主抓重点工作,洪湖鹏市长主抓重点工作\r\n"
        "1,任务。,市财政局、★市商务局,进展。\r\n"
    )
    result = preview(text, name="t.csv")
    assert result.is_valid
    (draft,) = result.drafts
    assert draft.leader == "洪湖鹏市长"
    assert draft.department_names == ["市商务局", "市财政局"]


def test_leader_column_is_read():
    text = "序号,牵头领导,工作任务,进展情况,责任单位\r\n1,张副市长,任务。,进展。,市商务局\r\n"
    result = preview(text, name="t.csv")
    assert result.drafts[0].leader == "张副市长"
