"""The sentences of a bulletin (通报) as practice writes them. Pure: no Django, no clock.

"列入本次通报的重点工作共99项,其中进度较快7项、占比7.1%,按时推进88项、占比88.9%,部分滞后3项、
占比3.0%,进度滞后1项、占比1.0%;达到序时进度95项、占比96.0%。" — counts with their
denominator stated, shares to one decimal (or whole numbers where a government prints those).
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any


@dataclass(frozen=True)
class StatusCount:
    """How many tasks carry one printed status."""

    label: str
    count: int


def percent_text(part: int, whole: int, places: int = 1) -> str:
    """`part` of `whole` as printed: 44 of 55 → "80.0%" (half up; "—" without a whole)."""
    if whole <= 0:
        return "—"
    share = Decimal(part) * 100 / Decimal(whole)
    quantum = Decimal(1).scaleb(-places) if places > 0 else Decimal(1)
    return f"{share.quantize(quantum, rounding=ROUND_HALF_UP)}%"


def count_clause(label: str, count: int, total: int, places: int = 1) -> str:
    """ "进度较快7项、占比7.1%"."""
    return f"{label}{count}项、占比{percent_text(count, total, places)}"


def summary_sentence(
    *,
    total: int,
    parts: Sequence[StatusCount] = (),
    on_schedule: int | None = None,
    subject: str = "重点工作",
    with_off_schedule: bool = False,
    places: int = 1,
) -> str:
    """The bulletin's overview sentence.

    `parts` are listed after "其中" in the order given (statuses with no task are left out);
    `on_schedule` adds "达到序时进度N项、占比x%" and, with `with_off_schedule`, the
    complement "未达到序时进度M项、占比y%".
    """
    sentence = f"列入本次通报的{subject}共{total}项"
    if total <= 0:
        return sentence + "。"
    listed = [count_clause(p.label, p.count, total, places) for p in parts if p.count]
    if listed:
        sentence += ",其中" + ",".join(listed)
    if on_schedule is not None:
        schedule = count_clause("达到序时进度", on_schedule, total, places)
        if with_off_schedule:
            schedule += ";" + count_clause("未达到序时进度", total - on_schedule, total, places)
        sentence += (";" if listed else ",") + schedule
    return sentence + "。"


def excluded_sentence(count: int, *, why: str = "尚未认定进展状态") -> str:
    """ "另有1项重点工作尚未认定进展状态,未列入统计。" ("" when none was left out)."""
    if count <= 0:
        return ""
    return f"另有{count}项重点工作{why},未列入统计。"


def names_or_none(names: Sequence[str]) -> str:
    """Units or tasks joined with "、", or "无"."""
    return "、".join(names) if names else "无"


def gap_phrase(pair: Mapping[str, Any]) -> str:
    """One judged figure of a suggestion as a bulletin prints its gap.

    Against the time-elapsed schedule: "完成47.9%,序时进度50.0%,落后2.1个百分点";
    against a level or growth target: "低于目标2.9个百分点"; "" when there is no gap.
    """
    gap = pair.get("gap_pp")
    if gap is None or gap <= 0:
        return ""
    unit = str(pair.get("gap_unit") or "个百分点")
    size = f"{gap:.0f}" if unit == "位" else f"{gap:.1f}"
    completion, time_share = pair.get("completion"), pair.get("time_share")
    if time_share is not None:
        done = f"完成{completion:.1f}%," if completion is not None else ""
        return f"{done}序时进度{time_share:.1f}%,落后{size}{unit}"
    return f"低于目标{size}{unit}"


def gap_text(pairs: Sequence[Mapping[str, Any]]) -> str:
    """Every lagging figure's gap, with what it measures: "引进人才6000名:完成47.9%,…"."""
    phrases = []
    for pair in pairs:
        phrase = gap_phrase(pair)
        if phrase:
            target = str(pair.get("target") or "").strip()
            phrases.append(f"{target}:{phrase}" if target else phrase)
    return ";".join(phrases)


def reason_text(*, problems: Sequence[str], office_reason: str = "") -> str:
    """Why a task lags, as the bulletin prints it: the department's own 存在问题 (the first
    text that is not blank, its lines joined with ";"), else the reason the office gave with
    its decision; "" when neither wrote anything (the bulletin then says it was not sent)."""
    for text in problems:
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        if lines:
            return ";".join(line.rstrip("。").rstrip(";") for line in lines)
    return office_reason.strip()
