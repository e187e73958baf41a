"""The figures a progress text reports, each with its kind, month range and standing.

Kinds (LABELS.md): amount, growth, level, reduction, completion (完成年度目标的75.7%, 完成率,
进度48.6%), rank (列全省第四), plus `gap` for a stated distance in percentage points
(低于目标0.9个百分点, 高于全省4.2个百分点). Each figure also says whether it is a year plan
stated in the progress (年内计划完成投资290亿元), an estimate (预计全年…), a part (其中…), a
pipeline count (申报, 推荐, 拟…, 方案) or a past year's fact (2020年…考核全省第一).
"""

import re
from dataclasses import dataclass, replace

from .context import MentionContext, is_list_summary, read_contexts
from .lexicon import (
    ESTIMATE_WORDS_RE,
    PART_WORDS_RE,
    PIPELINE_NOUNS_RE,
    PLAN_WORDS_RE,
    WHOLE_JURISDICTION_RE,
    governing_verb,
)
from .numbers import MONEY_UNITS, PERCENT_UNITS
from .quantities import Mention, TextReading, read_text

_POINT_UNITS = frozenset(("个百分点", "百分点", "个千分点", "千分点"))
_COMPLETION_RE = re.compile(
    r"(?:完成|占|达到?)了?(?:全年|年度|本年度|年|全年度)?(?:目标|计划|任务)+(?:的)?$"
    r"|(?<!序时)(?:完成率|完成进度|进度|完成比例|完成度|目标完成率|计划完成率)(?:为|达到?|已达)?$"
)
_GAP_REFERENCE_RE = re.compile(r"序时进度|序时|年度目标|目标|计划|预期")
_PEER_REFERENCE_RE = re.compile(r"全省|全国|全市|平均|省均|同类城市|长三角")
_GAP_DIRECTION_RE = re.compile(r"低于|慢于|落后|滞后|慢|差|少|高于|快于|超过|超出|领先|超|快|多")
_BEHIND_WORDS = frozenset(("低于", "慢于", "落后", "滞后", "慢", "差", "少"))
_STOCK_RE = re.compile(r"累计|总数|数为|数达|共有|保有|总量|余额|规模达")
_FLOW_RE = re.compile(r"新增|新建|新认定|新创建|新引进|引进|完成|建成|实现|招引|发放|腾出|腾退")
_LEVEL_ONLY_UNITS = frozenset(("倍", "微克", "毫克", "岁"))
_PAST_YEAR_RE = re.compile(r"^\D{0,3}(?P<year>(?:19|20)\d\d)年(?!以来|同期)")
_WHOLE_YEAR_RE = re.compile(r"全年")


@dataclass(frozen=True)
class Actual:
    """A figure a progress text reports."""

    text: str
    value: float
    unit: str | None
    kind: str
    months: tuple[int, int] | None
    key: str
    position: int
    estimate: bool = False
    part: bool = False
    whole: bool = False
    plan: bool = False
    pipeline: bool = False
    background: bool = False
    gap_reference: str | None = None
    behind: bool = False
    # Index of the figure whose measure this one restates (同比增长…, 完成年度目标的…).
    restates: int | None = None

    @property
    def reportable(self) -> bool:
        """Whether the figure can report achievement (not a plan, pipeline count or past fact)."""
        return not (self.plan or self.pipeline or self.background)


def extract_actuals(progress_text: str, year: int | None = None) -> list[Actual]:
    """Every figure of `progress_text`, in reading order (never raises). `year` is the report's
    year: a clause that opens on another year states a past fact."""
    return actuals_from_reading(read_text(progress_text), year)


def actuals_from_reading(reading: TextReading, year: int | None = None) -> list[Actual]:
    """The figures of an already read progress text."""
    text = reading.text
    mentions_in_order = reading.mentions
    actuals: list[Actual] = []
    actual_of_mention: dict[int, int] = {}
    for context in read_contexts(reading):
        mention = context.mention
        if (
            mention.unit is None
            and not mention.rank
            and (mention.chinese or mention.value < 2 or mention.value != int(mention.value))
        ):
            # A bare number reports a count only when it is a plain whole number (整治…2616).
            continue
        if is_list_summary(text, mention):
            continue
        kind, gap_reference, behind = _actual_kind(text, context)
        sentence_head = text[mention.sentence_start : mention.start]
        clause_head = text[mention.clause_start : mention.start]
        rest_of_clause = text[mention.end : _next_start(mentions_in_order, mention)]
        estimate = bool(ESTIMATE_WORDS_RE.search(clause_head))
        months = mention.months
        if estimate and months is None and _WHOLE_YEAR_RE.search(clause_head):
            months = (1, 12)
        plan = kind not in ("completion", "gap") and bool(
            PLAN_WORDS_RE.search(context.pre) or PLAN_WORDS_RE.search(clause_head[-8:])
        )
        pipeline = _is_subject_count(text, mention, mentions_in_order)
        pipeline = pipeline or (context.verb is not None and context.verb[1] == "pipeline")
        pipeline = pipeline or bool(
            PIPELINE_NOUNS_RE.search(context.post) or PIPELINE_NOUNS_RE.search(rest_of_clause)
        )
        past = _PAST_YEAR_RE.search(text, mention.clause_start, mention.start)
        background = bool(past and year is not None and int(past.group("year")) != year)
        start = mention.start - len(context.pre)
        actual_of_mention[context.index] = len(actuals)
        restates = (
            actual_of_mention.get(context.inherited_from)
            if context.inherited_from is not None
            else None
        )
        actuals.append(
            Actual(
                text=reading.source.original_span(start, mention.end),
                value=mention.value,
                unit=mention.unit,
                kind=kind,
                months=months,
                key=context.key,
                position=mention.start,
                estimate=estimate,
                part=bool(PART_WORDS_RE.search(sentence_head)),
                whole=bool(WHOLE_JURISDICTION_RE.search(sentence_head)),
                plan=plan,
                pipeline=pipeline,
                background=background,
                gap_reference=gap_reference,
                behind=behind,
                restates=restates,
            )
        )
    return _spread_pipeline(text, actuals)


def _next_start(mentions: list[Mention], mention: Mention) -> int:
    """Where the next figure of the clause starts (the clause's end when none follows)."""
    for other in mentions:
        if other.start > mention.start and other.clause_start == mention.clause_start:
            return other.start
    return mention.clause_end


def _is_subject_count(text: str, mention: Mention, mentions: list[Mention]) -> bool:
    """全市400个…重点项目累计完成投资296亿元: a count that names the subject of the next
    figure in its clause (with a verb between them) only restates scope."""
    if mention.unit is None or mention.unit in PERCENT_UNITS or mention.unit in MONEY_UNITS:
        return False
    following_start = _next_start(mentions, mention)
    if following_start >= mention.clause_end:
        return False
    between = text[mention.end : following_start]
    return governing_verb(between, 0, len(between)) is not None or bool(
        re.search(r"为|达|占", between)
    )


def _spread_pipeline(text: str, actuals: list[Actual]) -> list[Actual]:
    """完成7个省级示范镇、56个精品村申报工作: the 申报 at the end of a 、-list covers every
    figure of the list."""
    spread = list(actuals)
    for index in range(len(spread) - 2, -1, -1):
        current, following = spread[index], spread[index + 1]
        if current.pipeline or not following.pipeline:
            continue
        between = text[current.position : following.position]
        if (
            "、" in between
            and not re.search(r"[,;。:\n]", between)
            and governing_verb(text, current.position + 1, following.position) is None
        ):
            spread[index] = replace(current, pipeline=True)
    return spread


def _actual_kind(text: str, context: MentionContext) -> tuple[str, str | None, bool]:
    """(kind, gap reference 'schedule' / 'peer' for gaps, whether a gap is behind)."""
    mention = context.mention
    if mention.rank:
        return "rank", None, False
    window = text[max(mention.clause_start, mention.start - 14) : mention.start]
    if mention.unit in _POINT_UNITS:
        directions = _GAP_DIRECTION_RE.findall(window)
        if directions:
            behind = directions[-1] in _BEHIND_WORDS
            if _GAP_REFERENCE_RE.search(window):
                return "gap", "schedule", behind
            if _PEER_REFERENCE_RE.search(window):
                return "gap", "peer", behind
    if mention.unit == "%" and _COMPLETION_RE.search(text, mention.clause_start, mention.start):
        return "completion", None, False
    keyword_kind = context.kind_keyword[1] if context.kind_keyword else None
    if mention.unit in PERCENT_UNITS:
        if keyword_kind in ("growth", "reduction"):
            return keyword_kind, None, False
        return "level", None, False
    if mention.unit in _LEVEL_ONLY_UNITS or (mention.unit and "/" in mention.unit):
        return "level", None, False
    head = text[mention.item_start : mention.start]
    if mention.unit in MONEY_UNITS:
        return ("level" if re.search(r"余额", head) else "amount"), None, False
    if _STOCK_RE.search(context.pre) and not _FLOW_RE.search(context.pre):
        return "level", None, False
    return "amount", None, False
