"""Level targets over the year: where a level should stand by now, and from what.

A level the task must reach by year end (完工率超过80%, 出口名牌企业达到120家, 比重达到45.5%) is
not behind at mid-year because today's level is below it. It is judged against the path from
its starting level — last year's figure, when the task or progress text states it (由52%提高到
60%, 较年初提高6.1个百分点, 上年末为…) — to the target over the year: the level expected by the
figure's month is start + (target − start) × month / 12. Without a starting level it is judged
at year end, or by the department's forecast (预计全年…) when the progress text gives one.

A level to keep (稳定在95%以上, 保持…, 控制在…) holds all year and is judged directly.

Pure: no Django, no clock.
"""

import re
from dataclasses import dataclass

from duban.assessment.extraction import Actual, Target
from duban.assessment.extraction.numbers import PERCENT_UNITS

# 稳定在 / 保持 / 维持 / 控制在 / 不低于: a level held all year, not one to reach by year end.
_HELD_LEVEL_RE = re.compile(r"稳定在|保持|维持|控制在|巩固|不低于|始终")
_NUMBER = r"(?P<value>\d+(?:\.\d+)?)"
_MAGNITUDES = {"": 1.0, "万": 1e4, "亿": 1e8}


@dataclass(frozen=True)
class StartingLevel:
    """The level the year starts from, and the words that state it."""

    value: float
    text: str


@dataclass(frozen=True)
class LevelPath:
    """Where a level to reach by year end should stand by `month`."""

    start: StartingLevel
    expected: float
    month: float


def is_held_level(target: Target) -> bool:
    """Whether the target keeps a level all year (稳定在95%以上) rather than reaching one."""
    return bool(_HELD_LEVEL_RE.search(target.text))


def _unit_pattern(unit: str | None) -> str:
    if unit in PERCENT_UNITS:
        return r"(?P<magnitude>)%"
    if not unit:
        return r"(?P<magnitude>)"
    return rf"(?P<magnitude>万|亿)?{re.escape(unit)}"


def _value(match: re.Match[str]) -> float:
    return float(match.group("value")) * _MAGNITUDES[match.group("magnitude") or ""]


def starting_level(
    target: Target, actual: Actual | None, texts: tuple[str, ...], year: int
) -> StartingLevel | None:
    """The starting level of `target`'s measure stated in `texts` (task text first):

    - 由(2022年的)52%提高到60% — the value the task raises from;
    - 上年末/去年/年初/2022年底 … 为52% — last year's level, in the same clause;
    - 较年初提高6.1个百分点 beside the reported level (percent targets only) — the reported
      level less the rise.
    """
    unit = _unit_pattern(target.unit)
    last_year = rf"(?:上年|去年|上一年|年初|{year - 1}年)(?:末|底|年底|年末|同期)?"
    patterns = (
        rf"由(?:{last_year}的?)?{_NUMBER}{unit}(?:提高|提升|增加|上升|增长)?(?:到|至)",
        rf"{last_year}[^,,。;;]{{0,12}}?(?:为|是|达到?|仅)?{_NUMBER}{unit}",
    )
    for text in texts:
        for pattern in patterns:
            for match in re.finditer(pattern, text):
                value = _value(match)
                if abs(value - target.value) > 1e-9:
                    return StartingLevel(value, match.group(0))
    if actual is not None and target.unit in PERCENT_UNITS:
        rise = re.compile(
            rf"(?:较|比){last_year}(?P<verb>提高|提升|上升|增加|下降|降低)"
            rf"{_NUMBER}个百分点"
        )
        for text in texts[1:]:
            stated = rise.search(text)
            if stated:
                change = float(stated.group("value"))
                falling = stated.group("verb") in ("下降", "降低")
                return StartingLevel(
                    actual.value + (change if falling else -change), stated.group(0)
                )
    return None


def level_path(target: Target, start: StartingLevel, month: float) -> LevelPath:
    """The straight path from `start` (at month 0) to the target (at month 12)."""
    share = min(max(month, 0.0), 12.0) / 12
    return LevelPath(start, start.value + (target.value - start.value) * share, month)


def forecast_for(target: Target, actuals: list[Actual]) -> Actual | None:
    """The department's year-end forecast of the target's measure (预计全年…), if stated: an
    estimate in the target's unit that is not the figure itself."""
    for actual in actuals:
        if actual.estimate and actual.unit == target.unit and actual.kind in ("level", "amount"):
            return actual
    return None
