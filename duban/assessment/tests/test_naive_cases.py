"""One labelled test per naive case of issue 14, on the rows NAIVE-CASES.md names."""

import json
from pathlib import Path
from typing import Any

import pytest

from duban.assessment.batch import assess_input_row
from duban.assessment.rules import PROFILE_SETTINGS
from duban.core.status import PROFILES

FIXTURES = Path(__file__).parent / "fixtures"
ROWS: dict[str, dict[str, Any]] = {
    row["id"]: row
    for name in ("seed-labels.jsonl", "other-governments.jsonl")
    for row in map(json.loads, (FIXTURES / name).read_text(encoding="utf-8").splitlines())
}
BEHIND = ("PARTLY_BEHIND", "BEHIND", "NOT_STARTED")


def _assess(row_id: str, profile: str = "jiaxing") -> dict[str, Any]:
    return assess_input_row(ROWS[row_id], PROFILE_SETTINGS[profile], PROFILES[profile].label_for)


@pytest.mark.parametrize("row_id", ["jx2021h1-30", "jx2021h1-89", "jx2021h1-43", "jx2021h1-33"])
def test_year_end_levels_are_not_behind_at_mid_year(row_id: str) -> None:
    record = _assess(row_id)
    assert record["status"] not in BEHIND, record["reasons"]
    assert any("按年末水平判断" in reason for reason in record["reasons"])


def test_a_level_with_a_stated_start_is_judged_on_its_path() -> None:
    record = _assess("hz2023h1-4")  # 较年初提高6.1个百分点, printed 部分滞后
    assert record["status"] == "PARTLY_BEHIND"
    assert "起始水平" in record["reasons"][0]


def test_the_tolerance_is_the_plans_rule_and_printed() -> None:
    # jx2021h1-20 (2.1 points short, printed 按时推进) and jx2021h1-79 (1.4 short, printed
    # 部分滞后) fall in the same band: the plan's rule decides, and the reason names the band.
    for row_id in ("jx2021h1-20", "jx2021h1-79"):
        record = _assess(row_id)
        assert record["status"] == "PARTLY_BEHIND"
        assert "部分滞后区间0–30个百分点" in record["reasons"][0]


def test_a_target_pairs_with_the_sum_of_its_parts_only_when_they_cover_it() -> None:
    # jx2021h1-54: 行业领先 is missing from the parts, so no sum; the 1-6月 count stays.
    record = _assess("jx2021h1-54")
    assert [pair["actual_value"] for pair in record["pairs"]] == [46]
    assert not any("分项" in reason for reason in record["reasons"])


@pytest.mark.parametrize(
    ("row_id", "paired"),
    [
        ("linan-2022-m09-8", []),  # 在建 1721套 is not 新建成
        ("pingyang-2021-m07-3", []),  # 确定…10个 is not 完成10家
        ("pingyang-2021-m07-2", []),  # 招投标文件已发布
        ("zhaoyuan-2022-m09-2", []),  # 完成基础建设
    ],
)
def test_started_is_not_done(row_id: str, paired: list[float]) -> None:
    record = _assess(row_id)
    assert [pair["actual_value"] for pair in record["pairs"]] == paired
    assert any("不作比较" in reason for reason in record["reasons"])


@pytest.mark.parametrize(
    ("row_id", "status"),
    [
        ("dl2021q3-3", "COMPLETED"),  # 已超额完成年度目标(50场)的180%
        ("dl2021q3-4", "COMPLETED"),  # 于8月份完成安装100台的年度目标
        ("dl2021q3-5", "AHEAD"),  # 超额完成9月份设置的…节点目标
        ("fzyl2021m11-1", "COMPLETED"),  # 项目已完成年度目标任务
        ("fzyl2021m11-3", "COMPLETED"),  # 已完成任务
        ("hz2024h1-1", "AHEAD"),  # 略高于时序进度
        ("gd2023h1-2", "AHEAD"),  # 高于目标2.1个百分点
    ],
)
def test_stated_completion_and_leads_are_believed(row_id: str, status: str) -> None:
    record = _assess(row_id, "standard")
    assert record["status"] == status, record["reasons"]
    assert any(reason.startswith("进展情况自述“") for reason in record["reasons"])


@pytest.mark.parametrize("row_id", ["taishun-2024-m04-2"])
def test_a_bare_done_judges_the_months_plan_not_the_year(row_id: str) -> None:
    record = _assess(row_id, "standard")
    assert record["status"] != "COMPLETED"
    assert not any(reason.startswith("进展情况自述") for reason in record["reasons"])
