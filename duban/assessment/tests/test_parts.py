"""Parts instead of a total (parts.py): parts that cover the target's measure are added."""

from datetime import date

import pytest

from duban.assessment.extraction import Target, extract
from duban.assessment.parts import summed_parts, target_kinds
from duban.assessment.rules import assess_row

XN_TASK = (
    "引进世界500强、中国500强、上市公司或行业龙头企业投资项目不少于3个;投资10亿元以上项目10个。"
)
XN_TARGET = Target(
    "上市公司或行业龙头企业投资项目不少于3个", 3, "个", "amount", "不少于", "项目", 13
)
XN_PARTS = (
    "上半年,引进世界500强企业投资项目3个;引进中国500强企业投资项目1个;"
    "引进上市公司或行业龙头企业投资项目2个。"
)


@pytest.mark.parametrize(
    ("target", "task", "kinds"),
    [
        (XN_TARGET, XN_TASK, ["世界500强", "中国500强", "上市公司", "行业龙头企业"]),
        (
            Target("亿元以上项目100个", 100, "个", "amount", None, "项目", 0),
            "投资10亿元以上项目10个、亿元以上项目100个。",
            [],
        ),
        (
            Target("新增城镇就业16万人", 160000, "人", "amount", None, "就业", 0),
            "新增城镇就业16万人。",
            [],
        ),
    ],
)
def test_the_kinds_a_target_counts_together(target: Target, task: str, kinds: list[str]) -> None:
    assert target_kinds(target, task) == kinds


@pytest.mark.parametrize(
    ("progress", "total"),
    [
        # xn2021h1-1: three parts cover the four kinds → 3 + 1 + 2.
        (XN_PARTS, 6),
        # A kind missing: no total can be formed.
        ("上半年,引进世界500强企业投资项目3个;引进中国500强企业投资项目1个。", None),
        # The total is printed with its parts: it pairs by itself.
        (
            "上半年,引进世界500强、中国500强、上市公司或行业龙头企业投资项目6个,"
            "其中世界500强企业投资项目3个。",
            None,
        ),
        # Parts of different periods do not add up.
        (
            "1-6月引进世界500强企业投资项目3个;一季度引进中国500强企业投资项目1个;"
            "1-6月引进上市公司或行业龙头企业投资项目2个。",
            None,
        ),
    ],
)
def test_parts_add_up_only_when_they_cover_the_measure(progress: str, total: float | None) -> None:
    parts = summed_parts(XN_TARGET, XN_TASK, extract("", progress, 6, 2021).actuals)
    assert (parts.total.value if parts else None) == total


def test_the_sum_is_judged_and_the_reason_says_so() -> None:
    assessment = assess_row(XN_TASK, XN_PARTS, date(2021, 6, 30), targets=[XN_TARGET])
    (pair,) = assessment.pairs
    assert pair.actual.value == 6
    assert any("分项" in reason and "3+1+2=6" in reason for reason in assessment.reasons)
