"""Completion and lead statements in progress texts (claims.py) and how the engine believes them."""

from datetime import date

import pytest

from duban.assessment.claims import AHEAD, COMPLETED, stated_claims
from duban.assessment.rules import PROFILE_SETTINGS, AssessmentSettings, Status, assess_row

Q3 = date(2021, 9, 30)
STANDARD = PROFILE_SETTINGS["standard"]


@pytest.mark.parametrize(
    ("progress", "claims"),
    [
        ("项目已完成年度目标任务。", [COMPLETED]),  # fzyl2021m11-1
        ("已完成该项任务,2021年城区交通等候区。", [COMPLETED]),  # fzyl2021m11-2
        ("已完成任务,2021年建设或改造提升街旁公园共计完成12个。", [COMPLETED]),
        ("共举办招聘会90场,已超额完成年度目标(50场)的180%,惠及24500人。", [COMPLETED]),
        ("提前完成全年任务。", [COMPLETED]),
        ("加倍完成了降低30%的承诺。", [COMPLETED]),
        ("完成年度计划的92.8%,超序时进度1.1个百分点。", [AHEAD]),  # zs2021m11-3
        ("已完成年初预算的51.6%,略高于时序进度。", [AHEAD]),  # hz2024h1-1
        ("增长8.1%,高于目标2.1个百分点。", [AHEAD]),  # gd2023h1-2
        ("超额完成9月份设置的累计完成总工程量30%的节点目标。", [AHEAD]),  # dl2021q3-5
        ("预计其他地区11月底提前一个月完成全年目标。", [AHEAD]),
        # Not claims: shares, intent, negation, the month's plan, a bare 已完成.
        ("完成年度目标的75.7%。", []),
        ("确保完成全年目标任务。", []),
        ("力争提前完成全年任务。", []),
        ("尚未完成全年目标。", []),
        ("本月已完成省市统一部署工作。", []),
        ("已完成。", []),
        ("已完成投资64%,3个项目已完工。", []),
    ],
)
def test_claims_are_told_from_shares_intents_and_month_plans(
    progress: str, claims: list[str]
) -> None:
    assert [claim.status for claim in stated_claims(progress)] == claims


def test_the_claim_keeps_its_sentence() -> None:
    (claim,) = stated_claims("共举办招聘会90场。已超额完成年度目标(50场)的180%;惠及24500人。")
    assert claim.sentence == "已超额完成年度目标(50场)的180%"


@pytest.mark.parametrize(
    ("task", "progress", "settings", "status", "quoted"),
    [
        # Stated completion is believed: COMPLETED where the vocabulary has it, else AHEAD.
        ("举办招聘会50场。", "已超额完成年度目标(50场)的180%。", STANDARD, Status.COMPLETED, True),
        ("举办招聘会50场。", "已超额完成年度目标(50场)的180%。", None, Status.AHEAD, True),
        # A stated lead over a figure that is merely on schedule.
        (
            "完成投资100亿元。",
            "1-9月完成投资76亿元,超序时进度1个百分点。",
            None,
            Status.AHEAD,
            True,
        ),
        # A figure behind outweighs a completion claim; the reason says they disagree.
        (
            "完成投资100亿元。",
            "1-9月完成投资30亿元,已完成年度目标任务。",
            None,
            Status.BEHIND,
            False,
        ),
    ],
)
def test_stated_completion_and_lead_are_believed_unless_a_figure_disagrees(
    task: str, progress: str, settings: AssessmentSettings | None, status: Status, quoted: bool
) -> None:
    assessment = assess_row(task, progress, Q3, settings)
    assert assessment.status == status, assessment.reasons
    if quoted:
        assert assessment.reasons[-1].startswith("进展情况自述“")
    else:
        assert any("与所报数据不符" in reason for reason in assessment.reasons)
