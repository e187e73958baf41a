"""Level targets over the year (levels.py) and the tolerance band printed in reasons."""

from datetime import date

import pytest

from duban.assessment.extraction import Target
from duban.assessment.levels import is_held_level, level_path, starting_level
from duban.assessment.rules import (
    LEVEL_AT_YEAR_END,
    AssessmentSettings,
    Status,
    assess_row,
    band_note,
    judge_rate,
)

H1 = date(2021, 6, 30)
SHARE = Target("比重达到60%", 60, "%", "level", None, "比重", 0)


@pytest.mark.parametrize(
    ("task", "progress", "start"),
    [
        ("比重由52%提高到60%", "", 52.0),
        ("比重由2020年的52%提高到60%", "", 52.0),
        ("比重达到60%", "上年末比重为52%,1-6月比重55%", 52.0),
        ("比重达到60%", "2020年底比重52%", 52.0),
        ("比重达到60%", "1-6月比重55%,较年初提高3个百分点", 52.0),
        ("比重达到60%", "1-6月比重55%,比上年下降1个百分点", 56.0),
        ("比重达到60%", "1-6月比重55%", None),
    ],
)
def test_starting_level_is_read_from_either_text(
    task: str, progress: str, start: float | None
) -> None:
    from duban.assessment.extraction import extract

    actuals = extract(task, progress, 6, 2021).actuals
    actual = next((a for a in actuals if a.value == 55), None)
    found = starting_level(SHARE, actual, (task, progress), 2021)
    assert (found.value if found else None) == start


@pytest.mark.parametrize(
    ("text", "held"),
    [("参保率稳定在95%以上", True), ("保持在90%以上", True), ("完工率超过80%", False)],
)
def test_held_levels_are_judged_all_year(text: str, held: bool) -> None:
    assert is_held_level(Target(text, 95, "%", "level", None, "", 0)) is held


def test_the_path_runs_from_the_start_to_the_target_over_the_year() -> None:
    start = starting_level(SHARE, None, ("比重由52%提高到60%",), 2021)
    assert start is not None
    assert level_path(SHARE, start, 6).expected == pytest.approx(56.0)
    assert level_path(SHARE, start, 12).expected == pytest.approx(60.0)


@pytest.mark.parametrize(
    ("task", "progress", "status", "phrase"),
    [
        # Seed jx2021h1-30, -33, -89: a year-end level below target mid-year is not behind.
        ("“百年百项”完工率超过80%。", "1-3月,完工率69.5%。", Status.ON_TRACK, LEVEL_AT_YEAR_END),
        (
            "出口名牌企业达到120家。",
            "省级和市级出口名牌申报工作还未开展,目前,出口名牌企业数为113家。",
            Status.ON_TRACK,
            "年末水平",
        ),
        ("住房保障覆盖率超过25%。", "1-6月,住房保障覆盖率22.15%。", Status.ON_TRACK, "年末水平"),
        # With a starting level: on or behind the path.
        ("比重达到60%。", "上年末比重为52%,1-6月比重达到56.5%。", Status.ON_TRACK, "应达56%"),
        (
            "比重达到60%。",
            "1-6月比重达到53%,上年末为52%。",
            Status.PARTLY_BEHIND,
            "低于路径3.0个百分点",
        ),
        # hz2023h1-4: 较年初提高6.1个百分点 gives the start.
        (
            "推进三分之二以上的行政村集体经济年经营性收入达到50万元以上。",
            "目前全市年经营性收入50万元以上的行政村占比达58.2%,较年初提高6.1个百分点。",
            Status.PARTLY_BEHIND,
            "起始水平",
        ),
        # A forecast decides when there is no start.
        ("比重达到60%。", "1-6月,比重55%,预计全年比重58%。", Status.PARTLY_BEHIND, "部门预计"),
        # A level to keep is judged directly.
        ("参保率稳定在95%以上。", "1-6月,参保率93%。", Status.PARTLY_BEHIND, "低于目标2.0个百分点"),
        # At year end the level is judged directly.
        ("覆盖率超过25%。", "1-12月,覆盖率22%。", Status.PARTLY_BEHIND, "低于目标3.0个百分点"),
    ],
)
def test_level_targets_follow_their_path(
    task: str, progress: str, status: Status, phrase: str
) -> None:
    assessment = assess_row(task, progress, date(2021, 12, 31) if "12月" in progress else H1)
    assert assessment.status == status, assessment.reasons
    assert phrase in assessment.reasons[0]


@pytest.mark.parametrize(
    ("status", "gap", "rate", "note"),
    [
        (Status.ON_TRACK, 2.1, False, "(容差3个百分点内)"),
        (Status.PARTLY_BEHIND, 5.0, False, "(部分滞后区间3–30个百分点)"),
        (Status.BEHIND, 31.0, False, "(超过30个百分点为进度滞后)"),
        (Status.PARTLY_BEHIND, 0.9, True, "(部分滞后区间0.5–30个百分点)"),
        (Status.ON_TRACK, 0.0, False, ""),
        (Status.AHEAD, -5.0, False, ""),
    ],
)
def test_the_reason_prints_the_band_used(status: Status, gap: float, rate: bool, note: str) -> None:
    settings = AssessmentSettings(tolerance_pp=3, rate_tolerance_pp=0.5)
    assert band_note(status, gap, "个百分点", settings, rate) == note


@pytest.mark.parametrize(
    ("actual", "target", "tolerance", "status"),
    [
        (6.6, 7.0, 0.5, Status.ON_TRACK),
        (6.5, 7.0, 0.5, Status.PARTLY_BEHIND),
        (6.9, 7.0, 0, Status.PARTLY_BEHIND),
    ],
)
def test_rates_have_their_own_tolerance(
    actual: float, target: float, tolerance: float, status: Status
) -> None:
    settings = AssessmentSettings(tolerance_pp=5, rate_tolerance_pp=tolerance)
    assert judge_rate(actual, target, settings)[0] == status


def test_a_tolerated_gap_says_so() -> None:
    assessment = assess_row(
        "引进高层次人才6000名以上。",
        "1-6月,引进高层次人才2873名。",
        H1,
        AssessmentSettings(tolerance_pp=3),
    )
    assert assessment.status == Status.ON_TRACK
    assert "落后2.1个百分点(容差3个百分点内)" in assessment.reasons[0]
