"""Numerals, magnitudes and units of Chinese statistical writing.

Pure functions: text normalisation (full-width → half-width, spacing removed with an offset map
back to the original), Chinese numeral parsing (十二, 两, 一百二十, 三万五千), Arabic numbers with
Chinese magnitudes (110.95亿, 1.22万) and the measure words and units that follow a number.
"""

import re
from dataclasses import dataclass

# Full-width ASCII (！ .. ～) maps to ASCII; the ideographic space becomes a space (then removed).
_FULLWIDTH_TO_ASCII = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_FULLWIDTH_TO_ASCII[0x3000] = 0x20
# Dashes people type between months or bounds: one form is enough for the grammar.
for _dash in "－﹣−–":
    _FULLWIDTH_TO_ASCII[ord(_dash)] = ord("-")
_FULLWIDTH_TO_ASCII[ord("\r")] = ord("\n")

_REMOVED_SPACES = frozenset(" \t\xa0\u2002\u2003\u2009\u200b\ufeff\x0b\x0c")
_HAS_REMOVABLE_SPACE = re.compile("[ \t\xa0\u2002\u2003\u2009\u200b\ufeff\x0b\x0c]")


@dataclass(frozen=True)
class NormalizedText:
    """Text as the grammar reads it, with a map back to the original text's offsets.

    `offsets[i]` is the index in `original` of `text[i]`; `offsets` is None when nothing was
    removed (the usual case), so offsets are identical.
    """

    original: str
    text: str
    offsets: tuple[int, ...] | None

    def original_span(self, start: int, end: int) -> str:
        """The original characters behind text[start:end] (spacing included)."""
        if self.offsets is None:
            return self.original[start:end]
        if start >= end:
            return ""
        return self.original[self.offsets[start] : self.offsets[end - 1] + 1]


def normalize(text: str) -> NormalizedText:
    """Half-width digits and punctuation, no spaces (296.47 亿元 → 296.47亿元), newlines kept."""
    translated = text.translate(_FULLWIDTH_TO_ASCII)
    if not _HAS_REMOVABLE_SPACE.search(translated):
        return NormalizedText(text, translated, None)
    kept_chars: list[str] = []
    offsets: list[int] = []
    for index, char in enumerate(translated):
        if char not in _REMOVED_SPACES:
            kept_chars.append(char)
            offsets.append(index)
    return NormalizedText(text, "".join(kept_chars), tuple(offsets))


CHINESE_DIGITS: dict[str, int] = {
    "〇": 0,
    "零": 0,
    "一": 1,
    "壹": 1,
    "二": 2,
    "贰": 2,
    "两": 2,
    "三": 3,
    "叁": 3,
    "四": 4,
    "肆": 4,
    "五": 5,
    "伍": 5,
    "六": 6,
    "陆": 6,
    "七": 7,
    "柒": 7,
    "八": 8,
    "捌": 8,
    "九": 9,
    "玖": 9,
}
CHINESE_SMALL_UNITS: dict[str, int] = {
    "十": 10,
    "拾": 10,
    "百": 100,
    "佰": 100,
    "千": 1000,
    "仟": 1000,
}
CHINESE_BIG_UNITS: dict[str, int] = {"万": 10**4, "萬": 10**4, "亿": 10**8, "億": 10**8}
MAGNITUDES: dict[str, int] = {**CHINESE_SMALL_UNITS, **CHINESE_BIG_UNITS}

CHINESE_NUMERAL_CHARS = "".join([*CHINESE_DIGITS, *CHINESE_SMALL_UNITS, *CHINESE_BIG_UNITS])
_CHINESE_NUMERAL_SET = frozenset(CHINESE_NUMERAL_CHARS)


def parse_chinese_integer(numeral: str) -> int | None:
    """The value of a Chinese numeral (十二 → 12, 两万 → 20000, 一百零五 → 105), or None.

    None when the characters do not form a numeral: "十四五" (a plan's name), "一二" (two
    ordinals), "万" alone, "五0" (Chinese and Arabic mixed). Year-like digit strings read digit
    by digit (二〇二一 → 2021). Colloquial abbreviations keep their meaning: 一万五 → 15000,
    三百五 → 350.
    """
    # Mixed writing (五0, 九十九点九0) and stray characters are not one numeral.
    if not numeral or any(char not in _CHINESE_NUMERAL_SET for char in numeral):
        return None
    if all(char in CHINESE_DIGITS for char in numeral):
        if len(numeral) == 1:
            return CHINESE_DIGITS[numeral]
        # 二〇二一 is a year read digit by digit; 一二 (一二期) is two ordinals, not a number.
        if "两" in numeral or (len(numeral) < 4 and not any(char in "〇零" for char in numeral)):
            return None
        return int("".join(str(CHINESE_DIGITS[char]) for char in numeral))
    total = 0
    section = 0
    pending: int | None = None
    last_small = 10**5
    largest_big = 0
    last_unit = 0
    zero_seen = False
    for char in numeral:
        if char in CHINESE_DIGITS:
            digit = CHINESE_DIGITS[char]
            if digit == 0:
                zero_seen = True
                pending = None
                continue
            if pending is not None:
                return None
            pending = digit
        elif char in CHINESE_SMALL_UNITS:
            unit = CHINESE_SMALL_UNITS[char]
            if unit >= last_small:
                return None
            if pending is None:
                # 十二 = 12 and 二十万零十 are fine; 百 or 千 without a digit are not numerals.
                if unit != 10 or (section and not zero_seen):
                    return None
                pending = 1
            section += pending * unit
            pending = None
            last_small = unit
            last_unit = unit
            zero_seen = False
        else:
            unit = CHINESE_BIG_UNITS[char]
            if pending is not None:
                section += pending
                pending = None
            if section == 0 and not (total and unit > largest_big):
                return None
            if unit > largest_big:
                total = (total + section) * unit
                largest_big = unit
            elif section:
                total += section * unit
            else:
                return None
            section = 0
            last_small = 10**5
            last_unit = unit
            zero_seen = False
    if pending is not None:
        if last_unit >= 100 and not zero_seen and section + total:
            # 一万五 / 三百五: the digit after a unit counts in the next lower unit.
            pending *= last_unit // 10
        section += pending
    return total + section


# Units and measure words, as they are written after a number (and an optional magnitude).
# Longest first, so 个百分点 wins over 个 and 吨标煤 over 吨.
UNITS: tuple[str, ...] = (
    "个百分点",
    "个千分点",
    "百分点",
    "千分点",
    "%",
    "‰",
    "吨标准煤",
    "吨标煤",
    "千瓦时",
    "千瓦",
    "兆瓦",
    "吉瓦",
    "万千瓦",
    "微克",
    "毫克",
    "千克",
    "公斤",
    "吨",
    "平方公里",
    "平方千米",
    "平方米",
    "立方米",
    "公顷",
    "亩",
    "公里",
    "千米",
    "米",
    "美元",
    "欧元",
    "港元",
    "日元",
    "元",
    "标箱",
    "TEU",
    "人次",
    "人",
    "名",
    "位",
    "户",
    "家",
    "个工作日",
    "工作日",
    "个月",
    "个",
    "项",
    "所",
    "条",
    "处",
    "座",
    "辆",
    "台",
    "套",
    "件",
    "张",
    "间",
    "床",
    "艘",
    "架",
    "头",
    "只",
    "株",
    "棵",
    "场次",
    "批次",
    "户次",
    "列",
    "班",
    "趟",
    "场",
    "次",
    "篇",
    "部",
    "栋",
    "幢",
    "宗",
    "笔",
    "例",
    "起",
    "支",
    "块",
    "片",
    "份",
    "册",
    "门",
    "款",
    "倍",
    "天",
    "小时",
    "分钟",
    "秒",
    "岁",
)
_UNIT_RE = re.compile("|".join(re.escape(unit) for unit in sorted(UNITS, key=len, reverse=True)))

MONEY_UNITS = frozenset(("元", "美元", "欧元", "港元", "日元"))
PERCENT_UNITS = frozenset(("%", "‰", "个百分点", "个千分点", "百分点", "千分点"))

# Unit families: a figure reported in 位 answers a target in 名; 条 answers 项.
UNIT_FAMILIES: dict[str, str] = {
    **dict.fromkeys(("人", "名", "位", "人次"), "person"),
    **dict.fromkeys(("个", "项", "条", "件", "处", "家", "所", "座", "套", "宗", "支"), "item"),
    **dict.fromkeys(("吨标准煤", "吨标煤"), "coal"),
    **dict.fromkeys(("公里", "千米"), "km"),
    **dict.fromkeys(("平方公里", "平方千米"), "km2"),
    **dict.fromkeys(("个百分点", "百分点"), "pp"),
    **dict.fromkeys(("个千分点", "千分点"), "ppm"),
    **dict.fromkeys(("公斤", "千克"), "kg"),
    **dict.fromkeys(("天", "个工作日", "工作日"), "day"),
}


@dataclass(frozen=True)
class UnitReading:
    """What follows a number: its magnitude multiplier, its unit, and where the reading ends."""

    multiplier: int
    unit: str | None
    end: int


def read_magnitude_and_unit(text: str, position: int) -> UnitReading:
    """Read an optional magnitude (万, 亿, 千万…) and an optional unit starting at `position`.

    The reading that uses the fewest magnitude characters and still ends in a known unit wins:
    3千米 is 3 千米, 5万千瓦 is 50000 千瓦, 40万吨标煤 is 400000 吨标煤, 1.22万亩 is 12200 亩.
    """
    magnitude_end = position
    limit = min(len(text), position + 3)
    while magnitude_end < limit and text[magnitude_end] in MAGNITUDES:
        magnitude_end += 1
    for split in range(position, magnitude_end + 1):
        unit_match = _UNIT_RE.match(text, split)
        if unit_match:
            unit = unit_match.group()
            end = unit_match.end()
            if unit == "万千瓦":
                return UnitReading(magnitude_value(text[position:split]) * 10**4, "千瓦", end)
            # Compound units: 微克/立方米, 元/吨.
            if end < len(text) and text[end] == "/":
                second = _UNIT_RE.match(text, end + 1)
                if second:
                    unit = f"{unit}/{second.group()}"
                    end = second.end()
            return UnitReading(magnitude_value(text[position:split]), unit, end)
    return UnitReading(magnitude_value(text[position:magnitude_end]), None, magnitude_end)


def magnitude_value(magnitude: str) -> int:
    """The multiplier of a run of magnitude characters: 万 → 10⁴, 千万 → 10⁷, 万亿 → 10¹²."""
    multiplier = 1
    for char in magnitude:
        multiplier *= MAGNITUDES[char]
    return multiplier


def format_quantity(value: float, unit: str | None) -> str:
    """A value written back the way Chinese tables print it: 160000 人 → 16万人, 1.1095e10 元 →
    110.95亿元, 8 % → 8%."""
    unit_text = unit or ""
    if unit in ("%", "‰", "个百分点", "个千分点", "倍"):
        return f"{_trim(value)}{unit_text}"
    magnitude = abs(value)
    if magnitude >= 10**8:
        return f"{_trim(value / 10**8)}亿{unit_text}"
    if magnitude >= 10**4 and value % 1 == 0:
        return f"{_trim(value / 10**4)}万{unit_text}"
    return f"{_trim(value)}{unit_text}"


def _trim(value: float) -> str:
    rounded = round(value, 2)
    if rounded == int(rounded):
        return str(int(rounded))
    return f"{rounded:.2f}".rstrip("0").rstrip(".")
