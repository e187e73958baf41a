"""How sure a suggestion is: how many figures decided it, how well they pair with their
targets, and whether arithmetic or a stated word decided it.

A score from 0 to 100 with the factors that moved it, and a level the 状态研判 page sorts and
filters by (the office reads the uncertain ones first):

- figures decided it: 75, +10 with two or more figures, −15 when some target has no figure,
  −20 for a year-end level not judged yet, −15 when a gap lies within 2 points of a band's
  edge, −10 for each weakly named pair (target and figure share few words), −10 for a sum of
  parts, −10 when the figures disagree among themselves, +5 for figures the department
  reported (报送数据);
- a statement of the progress text decided it: 45 (65 when figures were judged too and agree);
- the milestones: 50; the self-assessment alone: 20; nothing: 0.

Pure: no Django.
"""

from dataclasses import dataclass

from duban.assessment.extraction.lexicon import key_similarity
from duban.assessment.extraction.pairing import SAME_MEASURE_SIMILARITY
from duban.assessment.rules import (
    DECIDED_BY_FIGURES,
    DECIDED_BY_MILESTONES,
    DECIDED_BY_SELF,
    DECIDED_BY_STATEMENT,
    Assessment,
    AssessmentSettings,
    Status,
)

HIGH = "high"
MEDIUM = "medium"
LOW = "low"
LEVEL_NAMES = {HIGH: "把握较大", MEDIUM: "把握一般", LOW: "把握较小"}
# Sort order of the 状态研判 page: uncertain first.
LEVEL_ORDER = {LOW: 0, MEDIUM: 1, HIGH: 2}

HIGH_FROM = 70
MEDIUM_FROM = 40
EDGE_POINTS = 2.0
_BEHIND = frozenset((Status.PARTLY_BEHIND, Status.BEHIND, Status.NOT_STARTED))


@dataclass(frozen=True)
class Confidence:
    """A suggestion's confidence: level, score and the factors behind it (Chinese)."""

    level: str
    score: int
    factors: tuple[str, ...]

    @property
    def name(self) -> str:
        return LEVEL_NAMES[self.level]

    @property
    def note(self) -> str:
        return f"{self.name}({self.score}分):{';'.join(self.factors)}"


def _level(score: int) -> str:
    if score >= HIGH_FROM:
        return HIGH
    return MEDIUM if score >= MEDIUM_FROM else LOW


def _near_an_edge(gap: float, settings: AssessmentSettings) -> bool:
    edges = (0.0, settings.tolerance_pp, settings.partly_behind_max_gap_pp)
    return any(abs(gap - edge) < EDGE_POINTS for edge in edges)


def judge_confidence(assessment: Assessment, settings: AssessmentSettings) -> Confidence:
    """How sure `assessment` is (see the module docstring)."""
    decided_by = assessment.decided_by
    counted = [figure for figure in assessment.figures if figure.counted]
    factors: list[str] = []
    if decided_by == DECIDED_BY_SELF:
        return Confidence(LOW, 20, ("无可比数据和节点计划,仅依据部门自评",))
    if decided_by == DECIDED_BY_MILESTONES:
        return Confidence(MEDIUM, 50, ("无可比数据,依据节点计划",))
    if decided_by == DECIDED_BY_STATEMENT:
        if counted:
            return Confidence(MEDIUM, 65, ("依据进展情况的文字表述,所报数据与之不矛盾",))
        return Confidence(MEDIUM, 45, ("依据进展情况的文字表述,没有数据印证",))
    if decided_by != DECIDED_BY_FIGURES:
        return Confidence(LOW, 0, ("没有可比数据,未给出建议",))
    score = 75
    factors.append(f"依据{len(counted)}项数据计算" if counted else "依据所报数据计算")
    if len(counted) >= 2:
        score += 10
    if len(assessment.pairs) < len(assessment.targets):
        score -= 15
        factors.append(f"{len(assessment.targets) - len(assessment.pairs)}项目标无可比数据")
    if any(figure.gap_pp is None for figure in counted):
        score -= 20
        factors.append("年末水平目标暂不能按序时判断")
    if any(
        figure.gap_pp is not None
        and figure.gap_unit == "个百分点"
        and _near_an_edge(figure.gap_pp, settings)
        for figure in counted
    ):
        score -= 15
        factors.append(f"差距距分档界线不足{EDGE_POINTS:g}个百分点")
    weak = [
        pair
        for pair in assessment.pairs
        if pair.actual.position >= 0
        and key_similarity(pair.target.key, pair.actual.key) < SAME_MEASURE_SIMILARITY
    ]
    if weak:
        score -= 10 * len(weak)
        factors.append(f"{len(weak)}项数据与目标名称对应不够明确")
    if any("分项" in reason and "合计" in reason for reason in assessment.reasons):
        score -= 10
        factors.append("由分项相加得到合计")
    statuses = {figure.status for figure in counted}
    if statuses & _BEHIND and statuses - _BEHIND:
        score -= 10
        factors.append("各项数据结论不一")
    if any(figure.source == "figure" for figure in counted):
        score += 5
        factors.append("据报送数据")
    score = max(0, min(100, score))
    return Confidence(_level(score), score, tuple(factors))
