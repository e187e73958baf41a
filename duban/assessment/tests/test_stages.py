"""Started is not done (stages.py): figures of another stage never report a target."""

from datetime import date

import pytest

from duban.assessment.rules import assess_row
from duban.assessment.stages import (
    DELIVERED,
    DONE,
    SELECTED,
    SIGNED,
    STARTED,
    TENDERED,
    figure_stage,
    stage_mismatch,
    target_stage,
)


@pytest.mark.parametrize(
    ("target", "stage"),
    [
        ("改造老旧小区住房3000套", DONE),
        ("新建成保障性住房1700套", DONE),
        ("开工建设2家中心敬老院", STARTED),
        ("新开工亿元以上产业项目100个", STARTED),
        ("签约项目30个", SIGNED),
        ("交付安置房2000套", DELIVERED),
    ],
)
def test_a_target_counts_the_stage_it_names(target: str, stage: str) -> None:
    assert target_stage(target) == stage


@pytest.mark.parametrize(
    ("figure", "progress", "stage"),
    [
        ("已开工2100套", "已开工2100套,其中完成改造800套。", STARTED),
        ("其中完成改造800套", "已开工2100套,其中完成改造800套。", DONE),
        ("5家", "5家施工中", STARTED),
        ("已签约项目12个", "已签约项目12个,开工8个。", SIGNED),
        # zhaoyuan-2022-m09-2: 完成基础建设 is works under way.
        ("13处", "13处农村学校塑胶运动场地已完成基础建设,两处学校开始铺设面层。", STARTED),
        # pingyang-2021-m07-2: a tender stage.
        ("41所", "30所系统建设和41所学校视频监控更新添置招投标文件已发布。", TENDERED),
        # pingyang-2021-m07-3: objects chosen.
        ("确定改造提升照料中心10个", "确定改造提升照料中心10个,已完成设计方案。", SELECTED),
        # linan-2022-m09-8: said 建成, but the sentence shows the works at 90%.
        (
            "合计1721套",
            "新建成保障性住房共2处合计1721套,其中A地块(828套)已完成总工程量的90%,计划12月底前完成。",
            STARTED,
        ),
        # jx2021h1-80: the remaining one's forecast does not make the 29 unfinished.
        ("已完成发热门诊提升改造29家", "已完成发热门诊提升改造29家,剩余1家预计8月底完成。", DONE),
        ("95%", "当前进度95%", None),
        ("不在文中", "已开工2100套", None),
    ],
)
def test_a_figure_stage_is_read_from_its_clause(
    figure: str, progress: str, stage: str | None
) -> None:
    assert figure_stage(figure, progress) == stage


def test_the_mismatch_says_which_stages() -> None:
    note = stage_mismatch("改造3000套", "已开工2100套", "已开工2100套。")
    assert note == "进展情况“已开工2100套”是开工或在建数,目标“改造3000套”计的是完成数,不作比较"
    assert stage_mismatch("新开工项目100个", "新开工项目80个", "新开工项目80个。") is None


@pytest.mark.parametrize(
    ("task", "progress", "paired"),
    [
        # The started count is set aside; the completed part reports the target.
        ("改造老旧小区住房3000套。", "已开工2100套,其中完成改造800套。", 800),
        ("改造老旧小区住房3000套。", "已开工改造老旧小区住房2100套。", None),
        ("新开工亿元以上产业项目100个。", "新开工亿元及以上产业项目80个。", 80),
    ],
)
def test_a_target_pairs_only_with_its_own_stage(
    task: str, progress: str, paired: float | None
) -> None:
    assessment = assess_row(task, progress, date(2021, 6, 30))
    values = [pair.actual.value for pair in assessment.pairs]
    assert values == ([] if paired is None else [paired])
    if paired is None:
        assert any("不作比较" in reason for reason in assessment.reasons)
