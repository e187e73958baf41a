"""Reading responsible-unit cells (牵头部门) as printed. Pure functions, no database.

A cell lists units one per line, each but the last ending in "、"; some lines hold several
units, some separators are missing ("…各县(市、区)政府嘉兴经济技术开发区(国际商务区)"), and
names may contain "、" inside parentheses ("各县(市、区)政府"), which never splits a name.
"""

import re
from collections.abc import Callable, Iterable

# Characters that separate two units in a cell. "、" inside parentheses is part of a name.
SEPARATORS = "、,,;;/\n"
OPENING = "(("
CLOSING = "))"

# How a unit's name ends: the organ words of Chinese government, party and state bodies,
# optionally followed by a parenthesised second name (嘉兴经济技术开发区(国际商务区)).
_ORG_SUFFIX = (
    r"(?:人民政府|政府|局|委员会|委|办公室|办|部|集团|公司|社|海关|港区|开发区|新区|园区"
    r"|学院|大学|学校|研究院|院|行|会|中心|室|所|厅|处|站|队|馆|台|军分区)"
)
_NAME_RE = re.compile(rf"^[^\s,,。;;:]{{1,40}}?{_ORG_SUFFIX}(?:[((][^))]{{1,20}}[))])?$")
_STRONG_NAME_RE = re.compile(r"^[^\s,,。;;:]+(?:政府|局|委|办|集团|海关)(?:[((][^))]{1,20}[))])?$")
_SENTENCE_PUNCTUATION = re.compile(r"[,,。;;::!!??“”\"]")
_NUMBERED_PARAGRAPH = re.compile(r"^\s*\d+[.、.]")

# Names that stand for several units (各县(市、区)政府, 有关县(市、区)政府, 各开发区).
_GROUP_RE = re.compile(r"^(?:各|有关|相关)")

COUNTY_GROUP_RE = re.compile(r"县[((]市、区[))]|县市区")
COUNTY_RE = re.compile(r"^[^市]{1,6}(?:县|区|市)(?:人民)?政府$")
ZONE_RE = re.compile(r"(?:开发区|港区|新区|园区)(?:[((].*[))])?$")
ENTERPRISE_RE = re.compile(r"(?:集团|公司)$")
PARTY_RE = re.compile(r"^(?:市委|团市委|市纪委|市总工会|市妇联|市科协|市文联)")


def split_top_level(text: str) -> list[str]:
    """Split a cell on separators that are not inside parentheses; drop empty parts."""
    parts: list[str] = []
    depth = 0
    current: list[str] = []
    for char in text:
        if char in OPENING:
            depth += 1
        elif char in CLOSING and depth:
            depth -= 1
        if char in SEPARATORS and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return [p.strip() for p in parts if p.strip()]


def looks_like_unit_name(name: str) -> bool:
    """True when `name` has the shape of one unit's name (ends with an organ word)."""
    return bool(_NAME_RE.match(name))


def split_run_on(segment: str, is_known: Callable[[str], bool]) -> list[str] | None:
    """Split a segment that may hold several names printed without a separator.

    A cut is made after a known name first, then after a name that ends in a strong organ
    word (政府, 局, 委, 办…); otherwise the segment stays one name if it has a name's shape.
    Returns None when the segment cannot be read as names at all.
    """
    if is_known(segment):
        return [segment]
    for head_ok in (is_known, _is_strong_name):
        # Longest head first: "市发展改革委市生态环境局" cuts after 委, not inside a name.
        for cut in range(len(segment) - 1, 0, -1):
            head, tail = segment[:cut], segment[cut:]
            if not head_ok(head):
                continue
            rest = split_run_on(tail, is_known)
            if rest is not None:
                return [head, *rest]
    if looks_like_unit_name(segment) or _GROUP_RE.match(segment):
        return [segment]
    return None


def _is_strong_name(name: str) -> bool:
    """A name that surely ends where it ends: 4+ characters closed by 政府, 局, 委 or 办.

    Shorter heads such as 市委 (of 市委组织部) are prefixes of longer names, not names.
    """
    return len(name) >= 4 and bool(_STRONG_NAME_RE.match(name))


def read_unit_names(
    cell: str, is_known: Callable[[str], bool] = lambda _: False
) -> list[str] | None:
    """The unit names printed in a 牵头部门 cell, in order; None when it is not such a cell."""
    names: list[str] = []
    for segment in split_top_level(cell):
        split = split_run_on(segment, is_known)
        if split is None:
            return None
        names.extend(split)
    return names or None


def is_unit_line(line: str, is_known: Callable[[str], bool] = lambda _: False) -> bool:
    """True when a line of text reads as a list of units rather than a sentence of progress."""
    stripped = line.strip()
    if not stripped or _NUMBERED_PARAGRAPH.match(stripped):
        return False
    if _SENTENCE_PUNCTUATION.search(stripped):
        return False
    return read_unit_names(stripped, is_known) is not None


def municipal_variants(name: str, city_prefix: str = "市") -> Iterable[str]:
    """Other spellings of a municipal unit: with and without the leading "市"."""
    if name.startswith(city_prefix) and len(name) > len(city_prefix) + 1:
        yield name[len(city_prefix) :]
    elif not name.startswith(("市", "省", "各", "有关")):
        yield city_prefix + name


def infer_kind(name: str) -> str:
    """The kind of a unit guessed from its name, for units created by an import."""
    if _GROUP_RE.match(name):
        return "group"
    if ZONE_RE.search(name):
        return "zone"
    if COUNTY_RE.match(name):
        return "county"
    if ENTERPRISE_RE.search(name):
        return "enterprise"
    if PARTY_RE.match(name):
        return "party"
    return "department"


def is_group_name(name: str) -> bool:
    return bool(_GROUP_RE.match(name))
