"""The status engine: every boundary of the default rules, combination, fallbacks, reasons."""

from datetime import date

import pytest

from duban.assessment.extraction import Actual, Target
from duban.assessment.rules import (
    AssessmentSettings,
    Milestone,
    Status,
    assess_row,
    combine,
    judge_ceiling,
    judge_completion,
    judge_level,
    judge_milestones,
    judge_rate,
    month_position,
    schedule_statements,
    time_share,
)

DEFAULTS = AssessmentSettings()
H1 = date(2021, 6, 30)
Q3 = date(2021, 9, 30)


@pytest.mark.parametrize(
    ("completion", "share", "settings", "expected"),
    [
        (0.55, 0.5, DEFAULTS, Status.AHEAD),  # R = 1.10·T exactly
        (0.5499, 0.5, DEFAULTS, Status.ON_TRACK),
        (0.50, 0.5, DEFAULTS, Status.ON_TRACK),  # R = T exactly
        (0.4999, 0.5, DEFAULTS, Status.PARTLY_BEHIND),
        (0.20, 0.5, DEFAULTS, Status.PARTLY_BEHIND),  # 30 pp behind exactly
        (0.1999, 0.5, DEFAULTS, Status.BEHIND),
        (0.0, 0.5, DEFAULTS, Status.BEHIND),
        (1.2, 0.5, DEFAULTS, Status.AHEAD),  # Jiaxing prints no 已完成
        (1.0, 0.5, AssessmentSettings(completed_at=1.0), Status.COMPLETED),
        (0.99, 0.5, AssessmentSettings(completed_at=1.0), Status.AHEAD),
        (0.481, 0.5, AssessmentSettings(tolerance_pp=2.0), Status.ON_TRACK),
        (0.48, 0.5, AssessmentSettings(tolerance_pp=2.0), Status.PARTLY_BEHIND),
        (0.383, 0.5, AssessmentSettings(partly_behind_max_gap_pp=10), Status.BEHIND),
        (0.579, 0.5, AssessmentSettings(ahead_ratio=1.2), Status.ON_TRACK),
    ],
)
def test_judge_completion_boundaries(
    completion: float, share: float, settings: AssessmentSettings, expected: Status
) -> None:
    assert judge_completion(completion, share, settings)[0] == expected


def test_judge_completion_gap_is_t_minus_r_in_points() -> None:
    assert judge_completion(110.95 / 290, 0.5, DEFAULTS)[1] == pytest.approx(11.74, abs=0.01)


@pytest.mark.parametrize(
    ("actual", "target", "expected"),
    [
        (8.8, 8, Status.AHEAD),  # g = 1.10·G
        (8.79, 8, Status.ON_TRACK),
        (8.0, 8, Status.ON_TRACK),
        (7.9, 8, Status.PARTLY_BEHIND),
        (6.1, 7, Status.PARTLY_BEHIND),  # Lianyungang GDP: 0.9 pp short
        (-22.0, 8, Status.PARTLY_BEHIND),  # 30 pp short exactly
        (-22.1, 8, Status.BEHIND),
        (-1.8, -2, Status.AHEAD),  # a planned decline, beaten by 10%
        (-2.0, -2, Status.ON_TRACK),
    ],
)
def test_judge_rate_boundaries(actual: float, target: float, expected: Status) -> None:
    assert judge_rate(actual, target, DEFAULTS)[0] == expected


def test_judge_rate_gap_is_g_minus_actual() -> None:
    assert judge_rate(6.1, 7.0, DEFAULTS)[1] == pytest.approx(0.9)


@pytest.mark.parametrize(
    ("actual", "target", "percent", "expected"),
    [
        (71.5, 65, True, Status.AHEAD),
        (71.4, 65, True, Status.ON_TRACK),
        (65, 65, True, Status.ON_TRACK),
        (64.9, 65, True, Status.PARTLY_BEHIND),
        (35, 65, True, Status.PARTLY_BEHIND),
        (34.9, 65, True, Status.BEHIND),
        (113, 120, False, Status.PARTLY_BEHIND),  # 5.8% short of a stock
        (83, 120, False, Status.BEHIND),  # 30.8% short
    ],
)
def test_judge_level_boundaries(
    actual: float, target: float, percent: bool, expected: Status
) -> None:
    assert judge_level(actual, target, percent, DEFAULTS)[0] == expected


@pytest.mark.parametrize(
    ("actual", "ceiling", "percent", "expected"),
    [
        (5.0, 5.5, True, Status.AHEAD),  # 1.10 × 5.0 = 5.5
        (5.01, 5.5, True, Status.ON_TRACK),
        (5.5, 5.5, True, Status.ON_TRACK),
        (5.6, 5.5, True, Status.PARTLY_BEHIND),
        (35.5, 5.5, True, Status.PARTLY_BEHIND),
        (35.6, 5.5, True, Status.BEHIND),
        (29.5, 32, False, Status.ON_TRACK),
        (29, 32, False, Status.AHEAD),
        (35, 32, False, Status.PARTLY_BEHIND),
    ],
)
def test_judge_ceiling_boundaries(
    actual: float, ceiling: float, percent: bool, expected: Status
) -> None:
    assert judge_ceiling(actual, ceiling, percent, DEFAULTS)[0] == expected


@pytest.mark.parametrize(
    ("statuses", "expected"),
    [
        ([], Status.NOT_ASSESSABLE),
        ([Status.ON_TRACK], Status.ON_TRACK),
        ([Status.PARTLY_BEHIND], Status.PARTLY_BEHIND),
        ([Status.BEHIND], Status.BEHIND),
        ([Status.AHEAD, Status.ON_TRACK], Status.ON_TRACK),
        ([Status.COMPLETED, Status.AHEAD], Status.AHEAD),
        ([Status.AHEAD, Status.AHEAD], Status.AHEAD),
        ([Status.AHEAD, Status.PARTLY_BEHIND], Status.PARTLY_BEHIND),
        ([Status.ON_TRACK, Status.BEHIND], Status.PARTLY_BEHIND),
        ([Status.NOT_STARTED, Status.ON_TRACK], Status.PARTLY_BEHIND),
        ([Status.PARTLY_BEHIND, Status.BEHIND], Status.BEHIND),
        ([Status.PARTLY_BEHIND, Status.PARTLY_BEHIND], Status.BEHIND),
    ],
)
def test_combine_follows_f26(statuses: list[Status], expected: Status) -> None:
    assert combine(statuses) == expected


@pytest.mark.parametrize(
    ("milestones", "expected"),
    [
        ([Milestone(3, True), Milestone(6, True)], Status.ON_TRACK),
        ([Milestone(3, True), Milestone(6, True), Milestone(9, True)], Status.AHEAD),
        ([Milestone(3, True), Milestone(6, False)], Status.PARTLY_BEHIND),
        ([Milestone(3, False), Milestone(6, False)], Status.BEHIND),
        ([Milestone(9, False)], Status.ON_TRACK),
    ],
)
def test_judge_milestones_follows_f25(milestones: list[Milestone], expected: Status) -> None:
    verdict = judge_milestones(milestones, H1)
    assert verdict is not None
    assert verdict[0] == expected


def test_judge_milestones_without_milestones_has_no_verdict() -> None:
    assert judge_milestones([], H1) is None


@pytest.mark.parametrize(
    ("months", "as_of", "expected"),
    [
        ((1, 6), Q3, 0.5),
        ((1, 3), H1, 0.25),
        ((1, 11), H1, 11 / 12),
        ((4, 6), H1, 0.25),
        (None, H1, 0.5),
        (None, Q3, 0.75),
        (None, date(2021, 6, 15), 5.5 / 12),
    ],
)
def test_time_share_uses_the_figures_months_else_the_as_of_date(
    months: tuple[int, int] | None, as_of: date, expected: float
) -> None:
    assert time_share(months, as_of) == pytest.approx(expected)


def test_month_position_of_a_month_end() -> None:
    assert month_position(date(2024, 2, 29)) == pytest.approx(2.0)


def test_reason_reads_like_the_example() -> None:
    assessment = assess_row(
        "落实稳就业政策措施,确保零就业家庭动态清零,新增城镇就业16万人。",
        "截至6月,全市城镇新增就业9.27万人,失业人员再就业2.02万人。",
        H1,
        AssessmentSettings(ahead_ratio=1.2),
    )
    assert assessment.reasons == [
        "目标新增城镇就业16万人;1-6月完成9.27万人,完成57.9%,序时进度50.0%,"
        "超出7.9个百分点 → 按时推进"
    ]
    pair = assessment.pairs[0]
    assert (pair.completion, pair.time_share, pair.gap_pp) == (57.9, 50.0, -7.9)
    [figure] = assessment.figures
    assert (figure.completion, figure.time_share, figure.gap_pp) == (57.9, 50.0, -7.9)
    assert (figure.source, figure.counted) == ("text", True)


def test_given_targets_and_reported_figures_replace_the_texts() -> None:
    target = Target("新增城镇就业30万人", 300000, "人", "amount", None, "新增城镇就业", 0)
    figure = Actual(
        "报送数据:1-6月新增城镇就业12万人", 120000, "人", "amount", (1, 6), "新增城镇就业", -1
    )
    task, progress = "新增城镇就业16万人。", "1-6月,全市新增城镇就业9.27万人。"
    assessment = assess_row(task, progress, H1, targets=[target])
    assert assessment.targets == [target]
    assert assessment.pairs[0].actual.value == 92700
    assert assessment.status == Status.PARTLY_BEHIND
    reported = assess_row(
        task, progress, H1, targets=[target], reported={0: figure}, unmatched_reports=["引进人才"]
    )
    assert reported.pairs[0].actual == figure
    assert reported.figures[0].source == "figure"
    assert reported.reasons == [
        "目标新增城镇就业30万人;1-6月完成12万人,完成40.0%,序时进度50.0%,"
        "落后10.0个百分点(部分滞后区间0–30个百分点) → 部分滞后(据报送数据)",
        "报送数据“引进人才”未对应任何指标,未采用",
    ]
    assert assess_row(task, progress, H1, targets=[]).status == Status.NOT_ASSESSABLE


def test_default_ratio_makes_the_same_figures_ahead() -> None:
    assessment = assess_row("新增城镇就业16万人。", "截至6月,全市城镇新增就业9.27万人。", H1)
    assert assessment.status == Status.AHEAD


def test_year_plan_in_the_progress_judges_a_task_without_numbers() -> None:
    assessment = assess_row(
        "组织实施高水平生态绿色示范区建设专项行动。",
        "嘉善县今年排定85个重点项目,年内计划完成投资290亿元,1-6月完成投资110.95亿元。",
        H1,
    )
    assert assessment.status == Status.PARTLY_BEHIND
    assert "完成38.3%,序时进度50.0%,落后11.7个百分点" in assessment.reasons[0]
    [figure] = assessment.figures
    assert (figure.completion, figure.time_share, figure.gap_pp) == (38.3, 50.0, 11.7)
    assert (figure.target, figure.source) == ("年内计划完成投资290亿元", "plan")


def test_completion_share_judges_a_task_without_numbers() -> None:
    assessment = assess_row(
        "加快推进重点项目建设。",
        "1-9月,全市152个重点项目完成投资386.2亿元,完成年度计划的68.9%。",
        Q3,
    )
    assert assessment.status == Status.PARTLY_BEHIND


def test_growth_gap_stated_in_words() -> None:
    assessment = assess_row(
        "地区生产总值增长7%左右。", "1-9月,全市地区生产总值增长6.1%,低于目标0.9个百分点。", Q3
    )
    assert assessment.status == Status.PARTLY_BEHIND
    assert assessment.pairs[0].gap_pp == 0.9


@pytest.mark.parametrize(
    ("progress", "expected"),
    [
        ("受疫情影响,项目未达到序时进度。", Status.BEHIND),
        ("主体工程低于序时进度。", Status.BEHIND),
        ("部分项目进度滞后。", Status.BEHIND),
        ("项目尚未开工。", Status.NOT_STARTED),
        ("各项工作达到序时进度。", Status.ON_TRACK),
        ("已提前完成全年目标任务。", Status.AHEAD),
        ("对进度滞后的项目加强督办。", Status.NOT_ASSESSABLE),
        ("各项工作有序推进。", Status.NOT_ASSESSABLE),
    ],
)
def test_schedule_statements_of_qualitative_tasks(progress: str, expected: Status) -> None:
    assert assess_row("推进农村人居环境整治。", progress, H1).status == expected


def test_a_stated_delay_overrides_figures_that_look_on_track() -> None:
    assessment = assess_row(
        "新建改造农村公路120公里。",
        "截至6月底,全市新建改造农村公路68.5公里,但主体工程低于序时进度。",
        date(2023, 6, 30),
    )
    assert assessment.status == Status.PARTLY_BEHIND
    assert any("低于序时进度" in reason for reason in assessment.reasons)


def test_schedule_statements_skip_negated_forms() -> None:
    assert schedule_statements("未达到序时进度") == schedule_statements("项目未达到序时进度")
    assert [s.status for s in schedule_statements("未达到序时进度")] == [Status.BEHIND]


def test_stretch_target_does_not_decide_the_status() -> None:
    assessment = assess_row(
        "全年实际使用外资达到5.5亿美元、力争6亿美元。",
        "1-9月,全市实际使用外资4.36亿美元。",
        Q3,
    )
    assert [pair.status for pair in assessment.pairs] == [Status.ON_TRACK, Status.PARTLY_BEHIND]
    assert assessment.status == Status.ON_TRACK


def test_qualitative_task_falls_back_to_milestones_then_self_assessment() -> None:
    task, progress = "争创全国法治政府建设示范市。", "已完成创建方案并上报。"
    by_milestones = assess_row(task, progress, H1, milestones=[Milestone(6, False)])
    assert by_milestones.status == Status.BEHIND
    assert "节点" in by_milestones.reasons[-1]
    by_self = assess_row(task, progress, H1, self_assessed=Status.ON_TRACK)
    assert by_self.status == Status.ON_TRACK
    assert "部门自评" in by_self.reasons[-1]
    neither = assess_row(task, progress, H1)
    assert neither.status == Status.NOT_ASSESSABLE
    assert neither.reasons


def test_unreported_target_is_said_in_the_reasons() -> None:
    assessment = assess_row("新增省级企业研究院40家以上。", "正开展排摸工作。", H1)
    assert assessment.status == Status.NOT_ASSESSABLE
    assert assessment.reasons[0].startswith("目标新增省级企业研究院40家以上:")
