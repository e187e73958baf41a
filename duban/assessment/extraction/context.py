"""The words around each quantity mention: what it measures, its governing verb, its kind word.

Shared by targets (task texts) and actuals (progress texts). Handles the two list shapes of
Chinese tables: a list of figures after one measure (实际利用外资确保28亿美元、力争30亿美元: the
second inherits the measure) and a distributive list (A、B和C分别达到x、y和z: each figure gets
its own subject).
"""

import re
from dataclasses import dataclass

from .lexicon import governing_verb, measure_key, nearest_kind_keyword
from .quantities import Mention, TextReading

_SEPARATOR_ONLY_RE = re.compile(r"(?:、|和|及|与|以及|或|,|力争|确保|争取|最高|最低|分别为?)*")
_SUBJECT_SPLIT_RE = re.compile(r"、|以及|和|及|与")
_RESPECTIVELY = "分别"


@dataclass(frozen=True)
class MentionContext:
    """A mention with the words that say what it is."""

    mention: Mention
    index: int
    pre: str
    post: str
    key: str
    kind_keyword: tuple[str, str] | None
    verb: tuple[str, str] | None
    list_follower: bool
    distributive: bool
    inherited_from: int | None = None


_CJK_RE = re.compile(r"[\u4e00-\u9fff]")


def is_list_summary(text: str, mention: Mention) -> bool:
    """南湖、嘉善、桐乡3个… / …等12个领域: the number counts names listed just before it, it is
    not a figure of its own."""
    before = text[mention.start - 1 : mention.start]
    if before == "等":
        return True
    if not before or not _CJK_RE.match(before):
        return False
    separators = text.count("、", mention.clause_start, mention.start)
    return separators >= 1 and mention.value == separators + 1


def _same_clause(first: Mention, second: Mention) -> bool:
    return first.clause_start == second.clause_start


def read_contexts(reading: TextReading) -> list[MentionContext]:
    """One context per mention of `reading`, in order."""
    text = reading.text
    mentions = reading.mentions
    distributive_keys = _distributive_keys(text, mentions)
    contexts: list[MentionContext] = []
    for index, mention in enumerate(mentions):
        previous = mentions[index - 1] if index else None
        following = mentions[index + 1] if index + 1 < len(mentions) else None
        pre_start = mention.item_start
        list_follower = False
        if (
            previous is not None
            and _same_clause(previous, mention)
            and previous.end <= mention.start
        ):
            pre_start = max(pre_start, previous.end)
            list_follower = bool(_SEPARATOR_ONLY_RE.fullmatch(text, previous.end, mention.start))
        post_end = mention.item_end
        if following is not None and _same_clause(following, mention):
            post_end = min(post_end, following.start)
        pre = text[pre_start : mention.start]
        post = text[mention.end : max(mention.end, post_end)]
        kind_window_start = pre_start
        distributive = index in distributive_keys
        if distributive:
            own_key, kind_window_start = distributive_keys[index]
        else:
            own_key = measure_key(pre + post)
        key = own_key
        inherited_from: int | None = None
        kind_keyword = nearest_kind_keyword(text, kind_window_start, mention.start)
        if contexts and len(own_key) < 2:
            earlier = contexts[-1]
            if earlier.mention.sentence_start == mention.sentence_start:
                key = earlier.key
                inherited_from = earlier.index
                # 增长6%以上,力争达到6.5%: a figure continuing a measure keeps its kind
                # unless its own words name a rate of change.
                if kind_keyword is None or (
                    kind_keyword[1] == "level" and earlier.kind_keyword is not None
                ):
                    kind_keyword = earlier.kind_keyword
        elif list_follower and kind_keyword is None and contexts:
            kind_keyword = contexts[-1].kind_keyword
        contexts.append(
            MentionContext(
                mention=mention,
                index=index,
                pre=pre,
                post=post,
                key=key,
                kind_keyword=kind_keyword,
                verb=governing_verb(text, mention.clause_start, mention.start),
                list_follower=list_follower,
                distributive=distributive,
                inherited_from=inherited_from,
            )
        )
    return contexts


def _distributive_keys(text: str, mentions: list[Mention]) -> dict[int, tuple[str, int]]:
    """For each mention in an A、B和C分别…x、y和z list: its own measure key and where its kind
    word may be read from (the 分别 clause)."""
    keys: dict[int, tuple[str, int]] = {}
    index = 0
    while index < len(mentions):
        mention = mentions[index]
        respectively = text.rfind(_RESPECTIVELY, mention.clause_start, mention.start)
        if respectively < 0 or index in keys:
            index += 1
            continue
        group = [index]
        cursor = index + 1
        while cursor < len(mentions):
            candidate = mentions[cursor]
            previous = mentions[cursor - 1]
            if not _same_clause(candidate, mention) or not _SEPARATOR_ONLY_RE.fullmatch(
                text, previous.end, candidate.start
            ):
                break
            group.append(cursor)
            cursor += 1
        subject = text[mention.clause_start : respectively]
        verb = governing_verb(subject, 0, len(subject))
        if verb is not None and verb[1] != "scope":
            # 确保A、B分别…: the subject starts after the verb that governs it.
            verb_end = subject.rfind(verb[0]) + len(verb[0])
            if verb_end < len(subject) - 1 and _SUBJECT_SPLIT_RE.search(subject, verb_end):
                subject = subject[verb_end:]
        items = [item for item in _SUBJECT_SPLIT_RE.split(subject) if item]
        if len(group) < 2 or len(items) < 2:
            index = cursor
            continue
        others = items[:-1]
        average = round(sum(len(item) for item in others) / len(others))
        last = items[-1]
        # The words after the parallel part of the last item are shared by all items:
        # 城镇和农村居民人均可支配收入 → 城镇 + 居民人均可支配收入.
        shared_tail = last[average:] if len(last) > average + 1 else ""
        item_keys = [item + shared_tail for item in others] + [last]
        for position, mention_index in enumerate(group):
            item_key = item_keys[min(position, len(item_keys) - 1)]
            keys[mention_index] = (measure_key(item_key), respectively)
        index = cursor
    return keys
