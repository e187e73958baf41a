"""Whether a file's own title names the year, government and period it is imported as (pure).

A 2021 file imported as "2022 1-9月" overwrote that year's tasks once; the title printed above
the table is the office's best clue that the wrong file or the wrong target was picked.
"""

import re

TITLE_OTHER_YEAR = "文件标题写的是{found}年,导入目标是{year}年,请确认没有选错文件或年度。"
TITLE_OTHER_GOVERNMENT = "文件标题写的是「{found}」,导入目标是「{government}」,请确认没有选错政府。"
TITLE_OTHER_PERIOD = "文件标题写的期次是「{found}」,导入目标是「{period}」,请确认没有选错期次。"

_YEAR_RE = re.compile(r"(20\d{2})\s*年")
# A place at the start of the title: 平阳县…, 嘉兴市人民政府…, 西湖区…
_GOVERNMENT_RE = re.compile(r"^(?:关于)?([\u4e00-\u9fa5]{1,8}?(?:自治州|市|县|区|州|旗))")
_PERIOD_RE = re.compile(
    r"(\d{1,2}\s*[-—–~至]\s*\d{1,2}\s*月(?:份)?|第?[一二三四1-4]季度|上半年|下半年|前三季度|\d{1,2}月份?)"
)
_SPACES_RE = re.compile(r"\s+")


def _bare_government(name: str) -> str:
    return name.removesuffix("人民政府")


def _bare_period(text: str) -> str:
    return (
        _SPACES_RE.sub("", text)
        .replace("—", "-")
        .replace("–", "-")
        .replace("~", "-")
        .replace("至", "-")
        .removesuffix("份")
    )


def title_warnings(title: str, *, government: str, year: int, period: str) -> list[str]:
    """One warning for each of year, government and period the title names otherwise."""
    warnings: list[str] = []
    title = _SPACES_RE.sub("", title or "")
    if not title:
        return warnings
    years = {int(y) for y in _YEAR_RE.findall(title)}
    if years and year not in years:
        found = "、".join(str(y) for y in sorted(years))
        warnings.append(TITLE_OTHER_YEAR.format(found=found, year=year))
    place = _GOVERNMENT_RE.match(re.sub(r"^20\d{2}年度?", "", title))
    target = _bare_government(government)
    if place and target and not (place.group(1) in target or target in place.group(1)):
        warnings.append(TITLE_OTHER_GOVERNMENT.format(found=place.group(1), government=government))
    periods = {_bare_period(p) for p in _PERIOD_RE.findall(title)}
    if periods and period and _bare_period(period) not in periods:
        found = "、".join(sorted(periods))
        warnings.append(TITLE_OTHER_PERIOD.format(found=found, period=period))
    return warnings
