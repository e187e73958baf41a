"""Parts instead of a total: a target that counts several kinds together, reported kind by kind.

"引进世界500强、中国500强、上市公司或行业龙头企业投资项目不少于3个" counts four kinds of project
together; a progress text that gives "世界500强企业投资项目3个;中国500强企业投资项目1个;上市公司或
行业龙头企业投资项目2个" and no total reports 6, not the best-matching 3. The parts are added only
when every kind the target names is covered by exactly the parts, each part names a kind (none
names them all — that would be the total), and all are in the target's unit and the same months.
When a kind is missing ("世界500强…17个(一季度)" without 行业领先企业) no total can be formed.

Pure: no Django.
"""

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from duban.assessment.extraction import Actual, Pair, Target

_CLAUSE_MARKS = ",,;;。:\n"
_LIST_SPLIT_RE = re.compile(r"、|或|和|及|以及")
_VERB_PREFIX_RE = re.compile(r"^(?:新?引进|招引|培育|新增|新建|建设|打造|实施|推进|完成)")
_NUMBER_RE = re.compile(r"\d+(?:\.\d+)?")
_MIN_KIND_LENGTH = 2
# An item ending in a quantity (…项目10个) is another target; 世界500强 is a kind.
_QUANTITY_END_RE = re.compile(r"\d+(?:\.\d+)?(?!强)\D{0,3}$")


@dataclass(frozen=True)
class Parts:
    """The parts that add up to a target's measure, and their sum as one figure."""

    figures: tuple[Actual, ...]
    total: Actual

    @property
    def note(self) -> str:
        listed = "、".join(f"“{figure.text}”" for figure in self.figures)
        values = "+".join(f"{figure.value:g}" for figure in self.figures)
        return f"进展情况未报合计,分项{listed}合计{values}={self.total.value:g},按合计判断"


def target_kinds(target: Target, task_text: str) -> list[str]:
    """The kinds a target counts together, from the list before its measure in the task text
    (世界500强、中国500强、上市公司或行业龙头企业 → four kinds); [] for a single kind."""
    position = task_text.find(target.text)
    if position < 0:
        return []
    clause_start = max(task_text.rfind(mark, 0, position) for mark in _CLAUSE_MARKS) + 1
    # The measure's own number is the target text's last (世界500强… is a kind, not it).
    numbers = list(_NUMBER_RE.finditer(target.text))
    head_end = position + (numbers[-1].start() if numbers else len(target.text))
    phrase = task_text[clause_start:head_end]
    items = [_VERB_PREFIX_RE.sub("", item) for item in _LIST_SPLIT_RE.split(phrase)]
    if len(items) < 2 or any(_QUANTITY_END_RE.search(item) for item in items[:-1]):
        # 投资10亿元以上项目10个、亿元以上项目100个: a list of targets, not of kinds.
        return []
    # The last item carries the shared measure (行业龙头企业投资项目不少于): keep its kind only.
    last = items[-1]
    for index in range(_MIN_KIND_LENGTH, len(last) + 1):
        if last[:index].endswith("企业") or last[:index].endswith("公司"):
            items[-1] = last[:index]
            break
    kinds = [item.strip() for item in items if len(item.strip()) >= _MIN_KIND_LENGTH]
    return kinds if len(kinds) >= 2 else []


def _kinds_named(figure: Actual, kinds: Sequence[str]) -> set[int]:
    return {index for index, kind in enumerate(kinds) if kind in figure.text}


def summed_parts(target: Target, task_text: str, actuals: Sequence[Actual]) -> Parts | None:
    """The parts of `target`'s measure in `actuals` and their sum, when they cover every kind
    the target counts and no figure is itself the total; else None."""
    kinds = target_kinds(target, task_text)
    if not kinds:
        return None
    parts: list[Actual] = []
    covered: set[int] = set()
    for figure in actuals:
        if not figure.reportable or figure.kind != "amount" or figure.unit != target.unit:
            continue
        named = _kinds_named(figure, kinds)
        if not named:
            continue
        if len(named) == len(kinds):
            return None  # a total is printed: it pairs by itself
        if named & covered:
            return None  # the same kind twice: parts of parts, or another breakdown
        parts.append(figure)
        covered |= named
    if len(parts) < 2 or len(covered) != len(kinds):
        return None
    if len({figure.months for figure in parts}) != 1:
        return None
    total = replace(
        parts[0],
        text=";".join(figure.text for figure in parts),
        value=sum(figure.value for figure in parts),
        key=target.key,
        part=False,
    )
    return Parts(tuple(parts), total)


def pairs_with_summed_parts(
    targets: Sequence[Target],
    pairs: list[Pair],
    actuals: list[Actual],
    reported: Mapping[int, Actual],
    task_text: str,
) -> tuple[list[Pair], list[str]]:
    """A target reported only in parts (parts.py) pairs with their sum instead of the
    best-matching part; the notes say which parts were added."""
    by_target = {pair.target_index: pair for pair in pairs}
    notes: list[str] = []
    for index, target in enumerate(targets):
        if index in reported or target.kind != "amount":
            continue
        parts = summed_parts(target, task_text, actuals)
        current = by_target.get(index)
        if parts is None or (current is not None and current.actual not in parts.figures):
            continue
        by_target[index] = Pair(index, parts.total, 1.0)
        notes.append(f"目标{target.text}:{parts.note}")
    return [by_target[index] for index in sorted(by_target)], notes
