"""How sure a suggestion is (confidence.py)."""

from datetime import date

import pytest

from duban.assessment.confidence import HIGH, LOW, MEDIUM, judge_confidence
from duban.assessment.rules import AssessmentSettings, Milestone, Status, assess_row

H1 = date(2021, 6, 30)
DEFAULTS = AssessmentSettings()


@pytest.mark.parametrize(
    ("task", "progress", "extra", "level", "factor"),
    [
        # Two well-named figures, clear of every band edge.
        (
            "新增城镇就业16万人,新增贷款2000亿元。",
            "1-6月,新增城镇就业9.6万人,新增贷款1200亿元。",
            {},
            HIGH,
            "依据2项数据计算",
        ),
        # 1 point short: near the edge of the on-schedule band.
        ("新增城镇就业16万人。", "1-6月,新增城镇就业7.84万人。", {}, MEDIUM, "分档界线"),
        # A year-end level not judged yet.
        ("覆盖率超过25%。", "1-6月,覆盖率22%。", {}, MEDIUM, "年末水平"),
        # A stated word alone.
        ("推进项目建设。", "项目进度低于序时进度。", {}, MEDIUM, "文字表述"),
        ("推进项目建设。", "稳步推进。", {"self_assessed": Status.ON_TRACK}, LOW, "部门自评"),
        ("推进项目建设。", "稳步推进。", {"milestones": [Milestone(3, True)]}, MEDIUM, "节点计划"),
        ("推进项目建设。", "稳步推进。", {}, LOW, "没有可比数据"),
    ],
)
def test_confidence_levels_and_their_factors(
    task: str, progress: str, extra: dict[str, object], level: str, factor: str
) -> None:
    assessment = assess_row(task, progress, H1, DEFAULTS, **extra)  # type: ignore[arg-type]
    confidence = judge_confidence(assessment, DEFAULTS)
    assert confidence.level == level, confidence.note
    assert any(factor in item for item in confidence.factors), confidence.note
    assert confidence.note.startswith(confidence.name)
