"""Quantity mentions in a text: number + magnitude + unit, with qualifiers, clause and month range.

`read_text` turns a task or progress text into a `TextReading`: every number that reads as a
quantity (or a rank such as 全省第二), where its clause and list item begin and end, the hedge
or bound printed next to it, the month range in force where it stands, and a reason when the
number is a name, date or label rather than a quantity (“6+2”, 2.0版, 5A级, 2023年, 第一批).
"""

import bisect
import re
from dataclasses import dataclass, field

from .numbers import (
    CHINESE_NUMERAL_CHARS,
    MONEY_UNITS,
    NormalizedText,
    normalize,
    parse_chinese_integer,
    read_magnitude_and_unit,
)

_NUMBER_RE = re.compile(
    r"百分之(?P<percent>[零一二两三四五六七八九十百\d]+(?:[点.][零一二三四五六七八九\d]+)?)"
    r"|(?P<denominator>[一二三四五六七八九十\d]{1,3})分之(?P<numerator>[一二三四五六七八九十\d]{1,3})"
    r"|(?P<arabic>\d{1,3}(?:,\d{3})+(?![\d])(?:\.\d+)?|\d+(?:\.\d+)?)"
    rf"|(?P<chinese>[{CHINESE_NUMERAL_CHARS}]+)"
)
_RANK_RE = re.compile(
    r"(?:(?P<scope>全国|全省|全市|全区|全球|长三角|省内|同类城市|地级市)"
    r"(?:排名|排|位居|居|位列|列)?(?P<prefix>第|前)"
    r"|(?:排名|排位|位次|名次)(?:为|居)?(?:第|前)?)"
    r"(?P<rank>\d{1,3}|[一二三四五六七八九十]{1,3})(?:位|名)?(?![大强个项家批])"
)
# 上升1位 / 前移3位: a change of rank, not a count of people.
_RANK_CHANGE_RE = re.compile(r"(?:上升|提升|前移|进位|后移|下降|下滑|提高)\d{1,3}(?:位|名)")
_MONTH_RANGE_RE = re.compile(
    r"(?P<first>\d{1,2}|[一二三四五六七八九十]{1,2})[-~至到—]{1,2}"
    r"(?P<last>\d{1,2}|[一二三四五六七八九十]{1,3})月(?:份)?(?:底|末|止)?"
)
# 1-6新增绿色工厂: a range from January whose 月 was dropped in print.
_BARE_MONTH_RANGE_RE = re.compile(r"(?<![\d.])1-(?P<last>\d{1,2})(?=[\u4e00-\u9fff])")
_CUTOFF_RE = re.compile(
    r"(?:截至|截止|截止到|截至到|至|到)(?:今年|本年|\d{4}年)?"
    r"(?P<last>\d{1,2}|[一二三四五六七八九十]{1,3})月(?:份)?(?:底|末|中旬|下旬)?"
)
_LEADING_MONTH_RE = re.compile(r"(?:^|(?<=[\n。;]))(?P<last>\d{1,2})月(?:底|末)(?=[,,])")
_PERIOD_WORDS: dict[str, tuple[int, int] | None] = {
    "上半年": (1, 6),
    "前三季度": (1, 9),
    "1-3季度": (1, 9),
    "一季度": (1, 3),
    "第一季度": (1, 3),
    "1季度": (1, 3),
    "今年以来": None,
    "截至目前": None,
    "截止目前": None,
    "目前": None,
    "当前": None,
}
_PERIOD_WORD_RE = re.compile("|".join(sorted(_PERIOD_WORDS, key=len, reverse=True)))
# Quoted names and titles: numbers inside are names (“6+2”, “十四五”, 《…2021-2023年》).
_QUOTED_RE = re.compile(
    r"“[^“”\n]{0,24}”|\"[^\"\n]{0,24}\"|《[^《》\n]*》|「[^「」\n]*」|‘[^‘’\n]{0,24}’"
)
_LIST_MARKER_RE = re.compile(
    r"(?:^|(?<=[\n。;]))(?:\d{1,2}[.、](?=\D|\d{1,2}-\d{1,2}|\d{1,2}月)|\(\d{1,2}\)|[①-⑳]"
    r"|[一二三四五六七八九十]{1,2}[、是])",
)
_CLAUSE_BOUNDARIES = frozenset(",;。:!?\n")
_SENTENCE_BOUNDARIES = frozenset(";。!?\n")
_OPENING_BRACKETS = frozenset("(“《「‘[")
_CLOSING_BRACKETS = frozenset(")”》」’]")

# A number followed by one of these is a name or label: 2.0版, 二级, 3A级, 一号, 五大, 500强.
_NAME_SUFFIXES = frozenset("版级期批届代强星线类型大号轮")
_DATE_SUFFIXES = frozenset("年月日时")
_APPROXIMATE_AFTER = frozenset("余多")
_ASCII_LETTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
_POST_QUALIFIERS = ("以上", "以下", "以内", "左右", "上下")
_PRE_QUALIFIER_RE = re.compile(
    r"(?P<word>不低于|不少于|不超过|超过|低于|力争|确保|累计)(?:达到|达|为|在|至)?$"
)
_LABELLED_QUALIFIERS = frozenset(("以上", "以下", "以内", "左右", "超过", "低于", "不低于"))
_LABELLED_QUALIFIERS |= frozenset(("力争", "确保", "累计"))
_CLAUSE_HEDGE_RE = re.compile(r"力争|确保")


@dataclass(frozen=True)
class Mention:
    """One quantity (or rank) printed in a text. Offsets index the normalised text."""

    start: int
    end: int
    value: float
    unit: str | None
    qualifier: str | None
    bound: str | None
    chinese: bool
    rank: bool
    clause_start: int
    clause_end: int
    item_start: int
    item_end: int
    sentence_start: int
    months: tuple[int, int] | None
    followed_by_de: bool


@dataclass
class TextReading:
    """A text read once: its normalised form and the quantity mentions in order."""

    source: NormalizedText
    mentions: list[Mention] = field(default_factory=list)

    @property
    def text(self) -> str:
        return self.source.text


def _chinese_small_int(token: str) -> int | None:
    if token.isdigit():
        return int(token)
    return parse_chinese_integer(token)


def _blocked_spans(text: str) -> list[tuple[int, int]]:
    spans = [(match.start(), match.end()) for match in _QUOTED_RE.finditer(text)]
    spans.extend((match.start(), match.end()) for match in _LIST_MARKER_RE.finditer(text))
    spans.extend((match.start(), match.end()) for match in _RANK_CHANGE_RE.finditer(text))
    spans.sort()
    return spans


def _inside(spans: list[tuple[int, int]], starts: list[int], position: int) -> bool:
    index = bisect.bisect_right(starts, position) - 1
    return index >= 0 and spans[index][0] <= position < spans[index][1]


def _month_marks(text: str) -> list[tuple[int, int, tuple[int, int] | None]]:
    """Month-range expressions: (start, end, months or None for 'no stated period')."""
    marks: list[tuple[int, int, tuple[int, int] | None]] = []
    for match in _MONTH_RANGE_RE.finditer(text):
        first = _chinese_small_int(match.group("first"))
        last = _chinese_small_int(match.group("last"))
        if first is not None and last is not None and 1 <= first <= last <= 12:
            marks.append((match.start(), match.end(), (first, last)))
    for match in _BARE_MONTH_RANGE_RE.finditer(text):
        last = int(match.group("last"))
        after = text[match.end() : match.end() + 3]
        if 2 <= last <= 12 and not read_magnitude_and_unit(after, 0).unit and after[0] != "月":
            marks.append((match.start(), match.end(), (1, last)))
    for regex in (_CUTOFF_RE, _LEADING_MONTH_RE):
        for match in regex.finditer(text):
            last = _chinese_small_int(match.group("last"))
            if last is not None and 1 <= last <= 12:
                marks.append((match.start(), match.end(), (1, last)))
    marks.extend(
        (match.start(), match.end(), _PERIOD_WORDS[match.group()])
        for match in _PERIOD_WORD_RE.finditer(text)
    )
    marks.sort()
    # Drop marks nested inside a longer one (至6月 inside 1至6月).
    kept: list[tuple[int, int, tuple[int, int] | None]] = []
    for mark in marks:
        if kept and mark[0] < kept[-1][1]:
            if mark[1] - mark[0] > kept[-1][1] - kept[-1][0]:
                kept[-1] = mark
            continue
        kept.append(mark)
    return kept


def _boundaries(text: str) -> tuple[list[int], list[int], list[int]]:
    """Positions of clause boundaries, sentence boundaries and list separators (、 outside
    brackets), each sorted."""
    clause: list[int] = []
    sentence: list[int] = []
    items: list[int] = []
    depth = 0
    for index, char in enumerate(text):
        if char in _OPENING_BRACKETS:
            depth += 1
        elif char in _CLOSING_BRACKETS:
            depth = max(0, depth - 1)
        elif char in _CLAUSE_BOUNDARIES:
            clause.append(index)
            if char in _SENTENCE_BOUNDARIES:
                sentence.append(index)
                depth = 0
        elif char == "、" and depth == 0:
            items.append(index)
    return clause, sentence, items


def _previous(positions: list[int], position: int) -> int:
    index = bisect.bisect_left(positions, position) - 1
    return positions[index] + 1 if index >= 0 else 0


def _next(positions: list[int], position: int, default: int) -> int:
    index = bisect.bisect_left(positions, position)
    return positions[index] if index < len(positions) else default


@dataclass(frozen=True)
class _Number:
    start: int
    end: int
    value: float
    chinese: bool
    is_percent: bool


def _read_number(match: re.Match[str]) -> _Number | None:
    if match.group("percent") is not None:
        value = _parse_any(match.group("percent"))
        if value is None:
            return None
        return _Number(match.start(), match.end(), value, True, True)
    if match.group("denominator") is not None:
        denominator = _parse_any(match.group("denominator"))
        numerator = _parse_any(match.group("numerator"))
        if not denominator or numerator is None or numerator > denominator:
            return None
        return _Number(
            match.start(), match.end(), round(numerator / denominator * 100, 2), True, True
        )
    arabic = match.group("arabic")
    if arabic is not None:
        return _Number(match.start(), match.end(), float(arabic.replace(",", "")), False, False)
    chinese = match.group("chinese")
    # Trailing magnitude characters belong to the unit reading when the numeral alone fails
    # (五万 reads whole; 百亿 alone is a category name and is not a number).
    value = parse_chinese_integer(chinese)
    if value is None:
        return None
    return _Number(match.start(), match.end(), float(value), True, False)


def _parse_any(token: str) -> float | None:
    token = token.replace("点", ".")
    if re.fullmatch(r"\d+(?:\.\d+)?", token):
        return float(token)
    if "." in token:
        whole, _, fraction = token.partition(".")
        whole_value = parse_chinese_integer(whole)
        digits = [parse_chinese_integer(char) for char in fraction]
        if whole_value is None or any(digit is None for digit in digits):
            return None
        return float(f"{whole_value}.{''.join(str(digit) for digit in digits)}")
    value = parse_chinese_integer(token)
    return None if value is None else float(value)


@dataclass(slots=True)
class _Layout:
    """Where things stand in a normalised text: spans whose numbers are names (quotes, list
    markers, rank changes), month-range marks, and clause, sentence, item and line stops."""

    text: str
    blocked: list[tuple[int, int]]
    blocked_starts: list[int]
    month_marks: list[tuple[int, int, tuple[int, int] | None]]
    month_starts: list[int]
    stops: tuple[list[int], list[int], list[int]]
    line_stops: list[int]

    @classmethod
    def of(cls, text: str) -> "_Layout":
        blocked = _blocked_spans(text)
        month_marks = _month_marks(text)
        return cls(
            text=text,
            blocked=blocked,
            blocked_starts=[span[0] for span in blocked],
            month_marks=month_marks,
            month_starts=[mark[0] for mark in month_marks],
            stops=_boundaries(text),
            line_stops=[index for index, char in enumerate(text) if char == "\n"],
        )

    def is_blocked(self, position: int) -> bool:
        return _inside(self.blocked, self.blocked_starts, position)

    def in_month_mark(self, position: int) -> bool:
        index = bisect.bisect_right(self.month_starts, position) - 1
        return index >= 0 and self.month_marks[index][0] <= position < self.month_marks[index][1]

    def months_at(self, position: int) -> tuple[int, int] | None:
        """The month range in force at `position`: the last mark before it on the same line."""
        index = bisect.bisect_right(self.month_starts, position) - 1
        if index < 0:
            return None
        start, end, months = self.month_marks[index]
        if end > position or _previous(self.line_stops, position) > start:
            return None
        return months


@dataclass(slots=True)
class _Quantity:
    """A number read with what follows it; `excluded` says why it is not a figure (a name,
    date, article, bare numeral or size class), or is None."""

    value: float
    unit: str | None
    end: int
    excluded: str | None


def read_text(text: str) -> TextReading:
    """Read every quantity mention of `text` (never raises on any string)."""
    source = normalize(text)
    reading = TextReading(source)
    if not source.text:
        return reading
    layout = _Layout.of(source.text)
    ranks = _rank_mentions(layout)
    mentions = _quantity_mentions(layout, [(mention.start, mention.end) for mention in ranks])
    mentions.extend(ranks)
    mentions.sort(key=lambda mention: mention.start)
    reading.mentions = mentions
    return reading


def _rank_mentions(layout: _Layout) -> list[Mention]:
    """Ranks: 全省第二, 排名前3位."""
    ranks: list[Mention] = []
    for rank_match in _RANK_RE.finditer(layout.text):
        rank = _chinese_small_int(rank_match.group("rank"))
        if rank is None or rank == 0:
            continue
        ranks.append(
            _make_mention(
                layout.text,
                start=rank_match.start("rank")
                if rank_match.start("prefix") < 0
                else rank_match.start("prefix"),
                end=rank_match.end(),
                value=float(rank),
                unit=None,
                chinese=not rank_match.group("rank").isdigit(),
                rank=True,
                stops=layout.stops,
                months=layout.months_at(rank_match.start()),
            )
        )
    return ranks


def _quantity_mentions(layout: _Layout, rank_spans: list[tuple[int, int]]) -> list[Mention]:
    """Every number outside names, month ranges and ranks that reads as a figure."""
    normalized = layout.text
    mentions: list[Mention] = []
    position = 0
    while True:
        match = _NUMBER_RE.search(normalized, position)
        if match is None:
            break
        position = match.end()
        start = match.start()
        if layout.is_blocked(start) or layout.in_month_mark(start):
            continue
        if any(span_start <= start < span_end for span_start, span_end in rank_spans):
            continue
        number = _read_number(match)
        if number is None:
            continue
        quantity = _read_quantity(normalized, match, number)
        position = max(position, quantity.end)
        if quantity.excluded is not None:
            # Names, dates, labels and size classes are not figures; they stay part of the
            # words around the figures.
            continue
        mentions.append(
            _make_mention(
                normalized,
                start=start,
                end=quantity.end,
                value=quantity.value,
                unit=quantity.unit,
                chinese=number.chinese,
                rank=False,
                stops=layout.stops,
                months=layout.months_at(start),
            )
        )
    return mentions


def _read_quantity(normalized: str, match: re.Match[str], number: _Number) -> _Quantity:
    """The number with its sign, magnitude and unit, and why it is not a figure if it is not."""
    start = number.start
    excluded: str | None = None
    value = number.value
    before = normalized[start - 1] if start else ""
    if before in _ASCII_LETTERS or before == "+" or before == "第":
        excluded = "name"
    elif before == "-" and (start < 2 or not normalized[start - 2].isdigit()):
        value = -value
    if number.is_percent:
        unit: str | None = "%"
        end = number.end
    else:
        multiplier, unit, end = _magnitude_and_unit_after(normalized, number.end)
        value *= multiplier
        excluded = excluded or _not_a_figure(normalized, match, number, unit, end)
    if excluded is None and unit in MONEY_UNITS and _names_a_size_class(normalized, end):
        excluded = "size class"
    return _Quantity(value, unit, end, excluded)


def _magnitude_and_unit_after(normalized: str, end: int) -> tuple[int, str | None, int]:
    """The multiplier, unit and end of what follows a number: 万人, 200多项, 2500余名, and a
    range 1-2个 / 3~5万人 that reads as its lower bound with the shared unit."""
    length = len(normalized)
    if end < length and normalized[end] in _APPROXIMATE_AFTER:
        end += 1  # 200多项, 2500余名: the figure reads as its round number
    reading_after = read_magnitude_and_unit(normalized, end)
    multiplier, unit, end = reading_after.multiplier, reading_after.unit, reading_after.end
    if unit is None and end < length and normalized[end] in _APPROXIMATE_AFTER:
        second = read_magnitude_and_unit(normalized, end + 1)
        if second.unit is not None and second.multiplier == 1:
            unit, end = second.unit, second.end
    if unit is None and end < length - 1 and normalized[end] in "-~至到—":
        upper_match = _NUMBER_RE.match(normalized, end + 1)
        upper = _read_number(upper_match) if upper_match else None
        if upper is not None and not upper.is_percent:
            upper_reading = read_magnitude_and_unit(normalized, upper.end)
            if upper_reading.unit is not None:
                multiplier *= upper_reading.multiplier
                unit = upper_reading.unit
                end = upper_reading.end
    return multiplier, unit, end


def _not_a_figure(
    normalized: str, match: re.Match[str], number: _Number, unit: str | None, end: int
) -> str | None:
    """Why a number (not a percentage) with its unit is a name, date or article, or None."""
    length = len(normalized)
    if (
        unit != "TEU"
        and end < length
        and (normalized[end] in _ASCII_LETTERS or normalized[end] == "+")
    ):
        return "name"
    if unit is None and end < length:
        following = normalized[end]
        if following in _DATE_SUFFIXES or normalized.startswith(("季度", "周年"), end):
            return "date"
        if following in _NAME_SUFFIXES:
            return "name"
        if following in "-—" and re.match(r"[-—]\d{2,4}年", normalized[end : end + 6]):
            return "date"
    if unit is not None and normalized.startswith("一体", end):
        return "name"
    if number.chinese and number.value == 1 and match.group() in "一壹":
        # 一个/一批/一家: the article, not a count to reach.
        return "article"
    if number.chinese and unit is None:
        return "bare numeral"
    return None


def _names_a_size_class(text: str, end: int) -> bool:
    """50万元以上的行政村 / 10亿元以上项目: a money bound that names a class of things."""
    if text.startswith("的", end):
        return True
    for word in _POST_QUALIFIERS:
        if text.startswith(word, end):
            following = text[end + len(word) : end + len(word) + 1]
            return following == "的" or "\u4e00" <= following <= "\u9fff"
    return False


def _make_mention(
    text: str,
    *,
    start: int,
    end: int,
    value: float,
    unit: str | None,
    chinese: bool,
    rank: bool,
    stops: tuple[list[int], list[int], list[int]],
    months: tuple[int, int] | None,
) -> Mention:
    clause_stops, sentence_stops, item_stops = stops
    length = len(text)
    bound: str | None = None
    for word in _POST_QUALIFIERS:
        if text.startswith(word, end):
            bound = word
            end += len(word)
            break
    clause_start = _previous(clause_stops, start)
    clause_end = _next(clause_stops, end, length)
    item_start = max(clause_start, _previous(item_stops, start))
    item_end = min(clause_end, _next(item_stops, end, length))
    window = text[max(clause_start, start - 8) : start]
    pre_match = _PRE_QUALIFIER_RE.search(window)
    qualifier: str | None = None
    if bound in _LABELLED_QUALIFIERS:
        qualifier = bound
    elif pre_match:
        qualifier = pre_match.group("word")
        if qualifier not in _LABELLED_QUALIFIERS:
            qualifier = None
    if qualifier is None:
        hedges = _CLAUSE_HEDGE_RE.findall(text, clause_start, start)
        if hedges:
            qualifier = hedges[-1]
    return Mention(
        start=start,
        end=end,
        value=value,
        unit=unit,
        qualifier=qualifier,
        bound=bound,
        chinese=chinese,
        rank=rank,
        clause_start=clause_start,
        clause_end=clause_end,
        item_start=item_start,
        item_end=item_end,
        sentence_start=_previous(sentence_stops, start),
        months=months,
        followed_by_de=text.startswith("的", end),
    )


__all__ = ["Mention", "TextReading", "read_text"]
