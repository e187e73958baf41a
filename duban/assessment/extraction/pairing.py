"""Pair each target with the progress figure that reports it, by meaning, not by position.

A figure can report a target when its kind and unit fit the target's (a growth rate for a growth
target, 位 for 名, a completion share for an amount) and its words name the same measure
(新增城镇就业 ↔ 城镇新增就业, 地区生产总值 ↔ GDP). Among the figures that fit, the one
covering the report period, for the whole jurisdiction, not an estimate and not a part wins.
Pairs are chosen best-first over the whole row, so one figure serves one target — except two
thresholds of one measure (确保28亿美元、力争30亿美元), which share their figure.
"""

from dataclasses import dataclass, replace

from .actuals import Actual
from .lexicon import key_similarity
from .numbers import MONEY_UNITS, PERCENT_UNITS, UNIT_FAMILIES
from .targets import Target

# Minimum word similarity for a pair; a figure that is the only one that fits a target of a
# specific unit (美元, 吨标煤, 亩, 名…) needs less, because the unit already says what it measures.
MIN_SIMILARITY = 0.3
MIN_SIMILARITY_SOLE_UNIT = 0.1
MIN_SIMILARITY_SOLE_RANK = 0.0
SAME_MEASURE_SIMILARITY = 0.85


@dataclass(frozen=True)
class Pair:
    """A target (by index) and the figure that reports it."""

    target_index: int
    actual: Actual
    score: float


def _unit_fit(target_unit: str | None, actual_unit: str | None) -> float | None:
    """Bonus for how well the units agree, or None when they cannot describe the same measure."""
    if target_unit == actual_unit:
        return 0.15
    if target_unit is None or actual_unit is None:
        return (
            -0.05 if target_unit not in PERCENT_UNITS and target_unit not in MONEY_UNITS else None
        )
    if actual_unit.split("/")[0] == target_unit.split("/")[0]:
        return 0.1
    family = UNIT_FAMILIES.get(target_unit)
    if family is not None and family == UNIT_FAMILIES.get(actual_unit):
        return 0.05
    return None


def fit(target: Target, actual: Actual) -> float | None:
    """Bonus when `actual` can report `target` (kind and unit agree), else None."""
    if not actual.reportable:
        return None
    if target.kind == "rank":
        return 0.1 if actual.kind == "rank" else None
    if actual.kind == "rank" or actual.kind == "gap":
        return None
    if target.kind == "amount" and actual.kind == "completion":
        return -0.1
    unit_bonus = _unit_fit(target.unit, actual.unit)
    if unit_bonus is None:
        return None
    percent = target.unit in PERCENT_UNITS
    if target.kind in ("growth", "reduction"):
        if actual.kind == target.kind:
            return unit_bonus
        # 增长15% reported as 下降6.3%: the same rate with the opposite sign.
        if percent and actual.kind in ("growth", "reduction"):
            return unit_bonus - 0.02
        return unit_bonus - 0.1 if actual.kind == "level" and not percent else None
    if target.kind in ("level", "ceiling"):
        if actual.kind == "level":
            return unit_bonus
        if target.kind == "ceiling" and percent and actual.kind == "growth":
            # 居民消费价格涨幅控制在3%左右 ↔ 上涨2.1%: a ceiling on a rate of change.
            return unit_bonus - 0.02
        if actual.kind == "amount" and not percent and _measured_quantity(target.unit):
            # 吞吐量达到6亿吨 ↔ 完成吞吐量5.53亿吨: for measures (not counts of units)
            # a level and a year's amount read alike.
            return unit_bonus - 0.05
        return None
    # amount
    if actual.kind == "amount":
        return unit_bonus
    if actual.kind == "level" and not percent and actual.unit is not None:
        return unit_bonus - 0.1
    return None


def _measured_quantity(unit: str | None) -> bool:
    """Whether `unit` measures a quantity (吨, 亩, 标箱) rather than counting units (家, 名)."""
    return unit is not None and UNIT_FAMILIES.get(unit) not in ("item", "person")


def _as_reported(target: Target, actual: Actual) -> Actual:
    """The figure as the target's kind reads it: a decline reports a growth target negatively."""
    opposite = {"growth": "reduction", "reduction": "growth"}
    if actual.kind == opposite.get(target.kind):
        return replace(actual, value=-actual.value, kind=target.kind)
    return actual


def _standing(target: Target, actual: Actual, as_of_month: int | None) -> float:
    """Preference for a figure beyond its words: the report period, the whole jurisdiction."""
    bonus = 0.0
    if actual.months is not None and as_of_month is not None:
        bonus += 0.08 if actual.months[1] == as_of_month else -0.03
    if actual.estimate:
        bonus -= 0.12
    if actual.part and not target.part:
        bonus -= 0.1
    if actual.whole:
        bonus += 0.03
    return bonus


def pair_targets(
    targets: list[Target], actuals: list[Actual], as_of_month: int | None = None
) -> list[Pair]:
    """The best pairing of `targets` with `actuals`: at most one figure per target."""
    candidates: list[tuple[float, int, int]] = []
    for target_index, target in enumerate(targets):
        fitting = [
            (actual_index, actual, bonus)
            for actual_index, actual in enumerate(actuals)
            if (bonus := fit(target, actual)) is not None
        ]
        sole_specific = len(fitting) == 1 and (
            target.kind == "rank"
            or (
                fitting[0][1].unit is not None
                and target.unit not in PERCENT_UNITS
                and UNIT_FAMILIES.get(target.unit or "") != "item"
            )
        )
        for actual_index, actual, bonus in fitting:
            similarity = key_similarity(target.key, actual.key)
            floor = MIN_SIMILARITY
            if sole_specific:
                floor = (
                    MIN_SIMILARITY_SOLE_RANK if target.kind == "rank" else MIN_SIMILARITY_SOLE_UNIT
                )
            if similarity < floor:
                continue
            score = similarity + bonus + _standing(target, actual, as_of_month)
            candidates.append((score, target_index, actual_index))
    # Direct figures first; a completion share only for a target no figure reports.
    candidates.sort(
        key=lambda candidate: (
            actuals[candidate[2]].kind == "completion",
            -candidate[0],
            candidate[1],
            candidate[2],
        )
    )
    chosen: dict[int, Pair] = {}
    users: dict[int, list[int]] = {}
    for score, target_index, actual_index in candidates:
        if target_index in chosen:
            continue
        restated = actuals[actual_index].restates
        if restated is not None and any(other != target_index for other in users.get(restated, [])):
            # 完成投资296亿元,完成年度计划的49.4%: the share belongs to the investment's target.
            continue
        sharing = users.get(actual_index, [])
        if any(
            key_similarity(targets[target_index].key, targets[other].key) < SAME_MEASURE_SIMILARITY
            for other in sharing
        ):
            continue
        actual = _as_reported(targets[target_index], actuals[actual_index])
        chosen[target_index] = Pair(target_index, actual, round(score, 3))
        users.setdefault(actual_index, []).append(target_index)
    return [chosen[index] for index in sorted(chosen)]
