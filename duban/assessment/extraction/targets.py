"""The quantitative targets a task text commits to (LABELS.md: kinds amount, growth, level,
ceiling, reduction, rank).

A number is a target when it is a quantity with a unit (or a rank), not a name, date or label,
not the scope being worked on (联动推进44个…工程), not a list summary (南湖、嘉善、桐乡3个…),
not a size threshold (10亿元以上项目) and not a criterion inside a share target
(80%以上的村…达到150万元).
"""

import re
from dataclasses import dataclass

from .context import MentionContext, is_list_summary, read_contexts
from .numbers import MONEY_UNITS, PERCENT_UNITS, UNIT_FAMILIES
from .quantities import Mention, TextReading, read_text

_CJK_RE = re.compile(r"[\u4e00-\u9fff]")
_PER_ITEM_RE = re.compile(r"每(?:个|家|项|年|人|户|村|镇)?[\u4e00-\u9fff]{0,6}$")
_STOCK_WORDS_RE = re.compile(r"累计|总数|总量|保有|达到|突破|超过|稳定在|保持")
_FLOW_WORDS_RE = re.compile(r"新增|新建|新认定|新创建|引进|引入|建成|建好|完成|实施|培育|改造|整治")
_FLOW_WORDS_RE = re.compile(_FLOW_WORDS_RE.pattern + r"|腾退|腾出|减负|创建|招引|举办|开展|发放")
_LEVEL_UNITS = frozenset(("倍",))
_HELD_STOCK_RE = re.compile(r"累计|余额|总量|规模|存栏|保有|稳定在|保持|存量")
_CONNECTORS_AFTER_MONEY = frozenset("、和及与或")


@dataclass(frozen=True)
class Target:
    """A quantitative goal read from a task text."""

    text: str
    value: float
    unit: str | None
    kind: str
    qualifier: str | None
    key: str
    position: int
    part: bool = False


def extract_targets(task_text: str) -> list[Target]:
    """Every target `task_text` commits to, in reading order (never raises)."""
    reading = read_text(task_text)
    return targets_from_reading(reading)


def targets_from_reading(reading: TextReading) -> list[Target]:
    """The targets of an already read task text."""
    text = reading.text
    contexts = read_contexts(reading)
    targets: list[Target] = []
    criteria_clause: int | None = None
    for context in contexts:
        mention = context.mention
        if mention.clause_start == criteria_clause:
            continue
        reason = _not_a_target(text, context)
        if reason is not None:
            continue
        kind = _target_kind(text, context)
        if mention.unit in PERCENT_UNITS and mention.followed_by_de:
            # 80%以上的村…达到150万元: the share is the target, the rest are criteria.
            criteria_clause = mention.clause_start
        start = mention.start - len(context.pre) if not context.list_follower else mention.start
        targets.append(
            Target(
                text=reading.source.original_span(start, mention.end),
                value=mention.value,
                unit=mention.unit,
                kind=kind,
                qualifier=mention.qualifier,
                key=context.key,
                position=mention.start,
                part="其中" in text[mention.sentence_start : mention.start],
            )
        )
    return targets


def _not_a_target(text: str, context: MentionContext) -> str | None:
    mention: Mention = context.mention
    if mention.rank:
        return None
    if mention.unit is None:
        return "no unit"
    if _PER_ITEM_RE.search(text, mention.item_start, mention.start):
        return "per-item criterion"
    share_of = mention.unit in PERCENT_UNITS and mention.followed_by_de
    if context.verb is not None and context.verb[1] == "scope" and not share_of:
        # (推进)三分之二以上的行政村…达到: the verb governs the share clause, still a target.
        return "scope"
    if context.verb is not None and context.verb[1] == "pipeline":
        return "pipeline"
    if is_list_summary(text, mention):
        return "list summary"
    if mention.unit in MONEY_UNITS and mention.end < len(text):
        following = text[mention.end]
        if following == "的" or (
            _CJK_RE.match(following) and following not in _CONNECTORS_AFTER_MONEY
        ):
            return "size threshold"
    return None


def _target_kind(text: str, context: MentionContext) -> str:
    mention = context.mention
    if mention.rank:
        return "rank"
    keyword_kind = context.kind_keyword[1] if context.kind_keyword else None
    if mention.bound in ("以内", "以下") and keyword_kind not in ("growth", "reduction"):
        return "ceiling"
    if mention.unit in PERCENT_UNITS:
        return keyword_kind or "level"
    if keyword_kind == "ceiling":
        return "ceiling"
    if mention.unit in _LEVEL_UNITS:
        return "level"
    if keyword_kind == "reduction":
        return "reduction"
    window = text[mention.item_start : mention.start]
    if mention.unit in MONEY_UNITS or UNIT_FAMILIES.get(mention.unit or "") not in (
        "item",
        "person",
    ):
        # Sums and measures (亿元, 吨, 标箱) reached over the year are amounts (吞吐量达到6亿吨);
        # a stock held is a level (存栏, 稳定在, 余额).
        return "level" if _HELD_STOCK_RE.search(window) else "amount"
    if _STOCK_WORDS_RE.search(window) and not _FLOW_WORDS_RE.search(window):
        return "level"
    return "amount"
