"""Columns recognised by what their headers say, and other governments' tables as measured."""

import datetime
import json
import re
from pathlib import Path
from typing import Any

import pytest

from duban.core.audit import SYSTEM
from duban.core.exceptions import DomainError
from duban.core.status import get_profile
from duban.imports.readers import ReadError, read_table
from duban.imports.readers.base import base_field, is_understood
from duban.imports.readers.layout import ColumnLayout, read_with_layout
from duban.ledger.models import KeyTask
from duban.orgs.selectors import DepartmentDirectory
from duban.reporting.models import ProgressReport, ReportingPeriod
from duban.reporting.progress_table.columns import field_for_header, fields_for_headers, table_hints
from duban.reporting.progress_table.driver import progress_table_load
from duban.reporting.progress_table.matching import same_task
from duban.reporting.progress_table.rows import split_labelled

GOVERNMENTS = Path(__file__).parent.parent / "fixtures" / "governments"
EXPECTED = json.loads((GOVERNMENTS / "expected.json").read_text(encoding="utf-8"))
HINTS = table_hints(DepartmentDirectory(government=None))


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("1-11月推进情况", "progress"),
        ("截至目前完成情况", "progress"),
        ("上半年工作进展", "progress"),
        ("全年累计完成", "progress"),
        ("当前进度", "progress"),
        ("项 目 内 容", "task"),
        ("责任\n科室", "departments"),
        ("工作进展及存在问题", "progress"),
        ("完成情况和下步打算", "progress"),
        ("配合单位", "co_departments"),
        ("协办单位", "co_departments"),
        ("协同责任单位", "co_departments"),
        ("完成时限", "deadline"),
        ("一季度目标", "target"),
        ("年度目标", "target"),
        ("2022年度任务目标", "target"),
        ("牵头领导", "leader"),
        ("分管市领导", "leader"),
        ("牵头负责领导", "leader"),
        ("备注", "remarks"),
        ("下步计划", "next_steps"),
        ("存在困难和问题", "problems"),
        ("进度是否滞后", "status"),
        ("监督电话", None),
        ("组织实施高水平生态绿色示范区建设专项行动", None),
    ],
)
def test_headers_by_meaning(header, field):
    assert field_for_header(header) == field


def test_neighbours_change_a_header_meaning():
    assert fields_for_headers(["序号", "工作任务", "牵头单位", "责任单位"]) == [
        "seq",
        "task",
        "departments",
        "co_departments",
    ]
    # Without another task column, 目标任务 is the task.
    assert fields_for_headers(["序号", "目标任务", "推进情况"])[1] == "task"
    assert fields_for_headers(["重点工作", "攻坚目标任务"])[1] == "target"


def test_composite_cells_split_by_their_labels():
    parts = split_labelled("进展情况:已开工。\n存在问题:资金未到位。\n下步打算:加快推进。")
    assert parts == {"progress": "已开工。", "problems": "资金未到位。", "next_steps": "加快推进。"}
    assert split_labelled("已完成。") == {"progress": "已完成。"}


def _runs(fields: list[str]) -> list[str]:
    return [f for i, f in enumerate(fields) if i == 0 or fields[i - 1] != f]


def _normalised(header: str) -> str:
    return re.sub(r"\s+", "", header)


# Layouts that need the office's mapping: the saved mapping each gets (printed header → field).
SAVED_MAPPINGS = {
    "21-meishan-2017-m11.html": {
        "工程名称": "ignore",
        "目标任务": "target",
        "进度": "progress",
        "完成目标(%)": "ignore",
        "备注": "status",
    },
}
# Layouts with no header row at all: the office maps each column by position (the mapping
# step), saved as the government's layout.
SAVED_LAYOUTS = {
    "20-pingyang-2021-m07.html": ColumnLayout(
        fields=("seq", "task", "departments", "progress", "status")
    ),
}
# Not a table a reader can take (labelled paragraphs, a transposed table, units only inside the
# task cell): left for later readers, counted as such.
NOT_READABLE = {
    "10-huzhou-2023-h1.html",
    "12-lishan-2023-plan.html",
    "13-chuzhou-2020-plan.html",
    "14-ningbo-2014-h1.html",
    "22-fuzhou-yuanlin-2021-m11.html",
}


@pytest.mark.parametrize("expected", EXPECTED["files"], ids=lambda e: e["file"])
def test_other_governments_tables(expected):
    name = expected["file"]
    data = (GOVERNMENTS / name).read_bytes()
    if name in NOT_READABLE:
        with pytest.raises(ReadError):
            read_table(name, data, HINTS)
        return
    hints = table_hints(DepartmentDirectory(government=None), SAVED_MAPPINGS.get(name))
    if name in SAVED_LAYOUTS:
        with pytest.raises(ReadError):  # no header row: refused until mapped
            read_table(name, data, HINTS)
        table = read_with_layout(name, data, SAVED_LAYOUTS[name], hints)
    else:
        table = read_table(name, data, hints)
    got = [
        base_field(key) if is_understood(key) and base_field(key) != "ignore" else "ignore"
        for key in table.fields
    ]
    # A header over two columns (项目内容, colspan 2) is one entry in expected.json.
    assert _runs(got) == _runs(list(expected["columns"].values()))
    lead = expected["first_row"]["lead"]
    if lead:
        assert _normalised(table.rows[0].cells["departments"]).startswith(_normalised(lead))


def test_how_many_layouts_need_a_mapping():
    """Of the 22 layouts: 15 import with no mapping, 2 need the office's mapping (眉山's
    numeric table, 平阳's table without a header row), 5 are not tables a reader can take."""
    mapped = {*SAVED_MAPPINGS, *SAVED_LAYOUTS}
    tables = [e for e in EXPECTED["files"] if e["file"] not in NOT_READABLE]
    by_meaning = [e for e in tables if e["file"] not in mapped]
    assert len(EXPECTED["files"]) == 22
    assert (len(by_meaning), len(mapped), len(NOT_READABLE)) == (15, 2, 5)


@pytest.mark.django_db
def test_new_columns_are_stored_with_the_task_and_report():
    text = (
        "序号,工作任务,一季度目标,完成时限,牵头单位,配合单位,进展情况及存在问题,备注,监督电话\r\n"
        "1,建设学校。,开工2所,12月底,市教育局,市财政局、市发改委,"
        "进展情况:已开工。存在问题:资金未到位。下步打算:加快。,省实事,12345\r\n"
    )
    outcome = progress_table_load(
        name="t.csv",
        data=text.encode(),
        government="测试市",
        year=2023,
        period="一季度",
        as_of=datetime.date(2023, 3, 31),
        actor=SYSTEM,
    )
    assert outcome.applied, outcome.summary()
    task = KeyTask.objects.get(seq="1")
    assert task.targets_text == "开工2所"
    assert task.deadline_text == "12月底"
    assert task.remarks == "省实事"
    assert task.extra == {"监督电话": "12345"}
    names = list(task.responsibilities.order_by("position").values_list("printed_name", flat=True))
    assert names == ["市教育局", "市财政局", "市发改委"]
    report = ProgressReport.objects.get(task=task)
    assert report.progress == "已开工。"
    assert report.problems == "资金未到位。"
    assert report.next_steps == "加快。"


@pytest.mark.django_db
def test_a_start_of_year_list_founds_the_ledger_then_progress_joins_it():
    plan_text = "序号,工作任务,牵头单位,完成时限\r\n1,建设学校。,市教育局,12月底\r\n"
    common: dict[str, Any] = {"government": "测试市", "year": 2023, "actor": None}
    first = progress_table_load(
        name="plan.csv",
        data=plan_text.encode(),
        period="年初",
        as_of=datetime.date(2023, 1, 1),
        **common,
    )
    assert first.applied
    assert first.period is None
    assert not ReportingPeriod.objects.exists()
    report_text = "序号,工作任务,牵头单位,进展情况\r\n1,建设学校。,市教育局,已开工。\r\n"
    second = progress_table_load(
        name="h1.csv",
        data=report_text.encode(),
        period="上半年",
        as_of=datetime.date(2023, 6, 30),
        **common,
    )
    assert second.applied
    assert (second.tasks_created, second.tasks_updated) == (0, 1)
    task = KeyTask.objects.get()
    assert task.reports.get().progress == "已开工。"
    assert get_profile("jiaxing")


@pytest.mark.parametrize(
    ("existing", "row", "same"),
    [
        ("建设学校。", "建设学校。", True),
        ("新建改扩建中小学10所。", "新建、改扩建中小学 10 所", True),
        ("新建改扩建中小学10所,新增学位5000个。", "新建改扩建中小学12所,新增学位6000个。", True),
        ("建设学校。", "推进城市更新和老旧小区改造。", False),
        ("", "建设学校。", False),
    ],
)
def test_same_task_needs_similar_text(existing, row, same):
    assert same_task(existing, row) is same


@pytest.mark.django_db
def test_a_reimport_with_other_texts_is_refused_unless_decided():
    common: dict[str, Any] = {
        "name": "t.csv",
        "government": "测试市",
        "year": 2022,
        "period": "1-9月",
        "as_of": datetime.date(2022, 9, 30),
        "actor": None,
    }
    header = "序号,工作任务,牵头单位,进展情况\r\n"
    first = header + "1,建设学校。,市教育局,已开工。\r\n2,修建道路。,市交通运输局,已完工。\r\n"
    progress_table_load(data=first.encode(), **common)
    other_year = header + "1,推进城市更新和老旧小区改造。,市住建局,已开工。\r\n"
    other_year += "2,修建道路。,市交通运输局,已完工。\r\n"
    with pytest.raises(DomainError) as refused:
        progress_table_load(data=other_year.encode(), create_departments=True, **common)
    assert refused.value.extra["conflicts"] == ["1"]
    assert KeyTask.objects.get(seq="1").text == "建设学校。"
    skipped = progress_table_load(
        data=other_year.encode(), create_departments=True, on_conflict="skip", **common
    )
    assert (skipped.tasks_updated, KeyTask.objects.get(seq="1").text) == (1, "建设学校。")
    progress_table_load(
        data=other_year.encode(), create_departments=True, on_conflict={"1": "update"}, **common
    )
    assert KeyTask.objects.get(seq="1").text == "推进城市更新和老旧小区改造。"
