"""The engine with the product's inputs: parity with `assess_row`, indicators, figures."""

import json
from datetime import date
from decimal import Decimal

import pytest

from duban.assessment.rules import PROFILE_SETTINGS, Status, assess_row
from duban.assessment.suggestion import (
    FigureInput,
    IndicatorInput,
    base_quantity,
    printed_quantity,
    quantity_spans,
    suggest,
)

from .test_evaluation import OTHER_GOVERNMENTS

JIAXING = PROFILE_SETTINGS["jiaxing"]
H1 = date(2021, 6, 30)
TASK_86 = "落实稳就业政策措施,确保零就业家庭动态清零,新增城镇就业16万人。"
PROGRESS_86 = "1-6月,全市新增城镇就业9.27万人。"
TASK_1_PROGRESS = (
    "1.推进高水平生态绿色示范区建设专项行动,嘉善县今年排定85个重点项目,年内计划完成投资290亿元,"
    "1-6月完成投资110.95亿元。"
)


def _rows() -> list[dict[str, str]]:
    return [json.loads(line) for line in OTHER_GOVERNMENTS.read_text("utf-8").splitlines() if line]


def test_suggest_matches_assess_row_without_indicators_or_figures() -> None:
    for row in _rows():
        as_of = date.fromisoformat(row["as_of"])
        expected = assess_row(row["task"], row["progress"], as_of, JIAXING)
        got = suggest(row["task"], row["progress"], as_of, JIAXING)
        assert (got.status, got.reasons, got.figures) == (
            expected.status,
            expected.reasons,
            expected.figures,
        ), row["id"]


def test_suggest_reports_the_year_plan_figures_of_task_1() -> None:
    result = suggest("组织实施高水平生态绿色示范区建设专项行动。", TASK_1_PROGRESS, H1, JIAXING)
    assert result.status == Status.PARTLY_BEHIND
    assert "年内计划完成投资290亿元" in result.reasons[0]
    [figure] = result.figures
    assert (figure.completion, figure.time_share, figure.gap_pp) == (38.3, 50.0, 11.7)
    assert figure.source == "plan"


def test_confirmed_indicators_replace_the_extracted_targets() -> None:
    corrected = IndicatorInput(name="新增城镇就业", kind="amount", value=30, unit="万人")
    result = suggest(TASK_86, PROGRESS_86, H1, JIAXING, indicators=[corrected])
    assert result.used_indicators
    assert [target.value for target in result.targets] == [300000]
    assert result.status == Status.PARTLY_BEHIND
    assert result.reasons[0].startswith("目标新增城镇就业30万人;")
    # None is "not reviewed" (the extractor stands); an empty list is "no targets".
    assert suggest(TASK_86, PROGRESS_86, H1, JIAXING).status == Status.AHEAD
    empty = suggest(TASK_86, PROGRESS_86, H1, JIAXING, indicators=[])
    assert empty.targets == []
    assert empty.status == Status.NOT_ASSESSABLE


def test_reported_figures_fill_the_actuals_by_name() -> None:
    indicator = IndicatorInput(name="新增城镇就业", kind="amount", value=16, unit="万人")
    figure = FigureInput(name="新增城镇就业", value=4, unit="万人", months=(1, 6))
    result = suggest(TASK_86, PROGRESS_86, H1, JIAXING, indicators=[indicator], figures=[figure])
    assert result.status == Status.PARTLY_BEHIND
    assert "完成25.0%" in result.reasons[0]
    assert result.reasons[0].endswith("(据报送数据)")
    assert result.figures[0].source == "figure"
    # The extractor's own reading of the measure (城镇就业) also takes a same-measure name.
    assert suggest(TASK_86, PROGRESS_86, H1, JIAXING, figures=[figure]).status == (
        Status.PARTLY_BEHIND
    )


def test_a_figure_no_target_takes_is_noted_not_used() -> None:
    figure = FigureInput(name="引进人才", value=4, unit="万人", months=(1, 6))
    result = suggest(TASK_86, PROGRESS_86, H1, JIAXING, figures=[figure])
    assert result.status == Status.AHEAD
    assert "报送数据“引进人才”未对应任何指标,未采用" in result.reasons


def test_a_percent_figure_reports_completion_of_an_amount() -> None:
    indicator = IndicatorInput(name="新增城镇就业", kind="amount", value=16, unit="万人")
    figure = FigureInput(name="新增城镇就业", value=40, unit="%", months=(1, 6))
    result = suggest(TASK_86, "", H1, JIAXING, indicators=[indicator], figures=[figure])
    assert result.figures[0].completion == 40.0
    assert result.status == Status.PARTLY_BEHIND


def test_stretch_indicator_sharing_a_figure_is_not_counted() -> None:
    indicators = [
        IndicatorInput(
            name="实际利用外资", kind="amount", value=28, unit="亿美元", qualifier="确保"
        ),
        IndicatorInput(
            name="实际利用外资", kind="amount", value=30, unit="亿美元", qualifier="力争"
        ),
    ]
    figure = FigureInput(name="实际利用外资", value=14.5, unit="亿美元", months=(1, 6))
    result = suggest("", "", H1, JIAXING, indicators=indicators, figures=[figure])
    assert [item.counted for item in result.figures] == [True, False]
    assert result.status == Status.ON_TRACK


def test_self_assessment_decides_when_nothing_else_does() -> None:
    result = suggest("深化改革试点。", "有序推进。", H1, JIAXING, self_assessed=Status.ON_TRACK)
    assert result.status == Status.ON_TRACK
    assert result.reasons[-1] == "无可比数据和节点计划,采用部门自评:按时推进"


@pytest.mark.parametrize(
    ("value", "unit", "base"),
    [
        (16, "万人", (160000, "人")),
        (290, "亿元", (2.9e10, "元")),
        (8, "%", (8, "%")),
        (3, "倍", (3, "倍")),
        (5, "万", (50000, None)),
        (2, "标准地块", (2, "标准地块")),
        (7, "", (7, None)),
    ],
)
def test_base_quantity(value: float, unit: str, base: tuple[float, str | None]) -> None:
    assert base_quantity(value, unit) == base


@pytest.mark.parametrize(
    ("value", "unit", "printed"),
    [
        (160000, "人", (Decimal(16), "万人")),
        (1.1095e10, "元", (Decimal("110.95"), "亿元")),
        (8, "%", (Decimal(8), "%")),
        (600, "家", (Decimal(600), "家")),
        (2.9e10, "元", (Decimal(290), "亿元")),
    ],
)
def test_printed_quantity(value: float, unit: str, printed: tuple[Decimal, str]) -> None:
    assert printed_quantity(value, unit) == printed
    assert str(printed_quantity(value, unit)[0]) == str(printed[0])


def test_quantity_spans_use_the_original_offsets() -> None:
    text = "完成投资 296.47 亿元,新增城镇就业16万人。"
    spans = quantity_spans(text)
    assert [text[start:end] for start, end, _ in spans] == ["296.47 亿元", "16万人"]
    assert quantity_spans("科技型中小企业600家、2023年") == [(7, 11, True)]
    assert quantity_spans("完成600家", with_targets=False) == [(2, 6, False)]
