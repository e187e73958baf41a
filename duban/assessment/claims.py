"""What a progress text states of its own completion or lead, believed like its lag statements.

Completion: "已完成全年目标", "项目已完成年度目标任务", "已超额完成年度目标(50场)的180%",
"提前完成全年任务". A lead: "快于序时进度3个百分点", "超序时进度", "略高于时序进度",
"高于目标2.1个百分点", "超额完成9月份设置的…节点目标", "预计…提前一个月完成全年目标". Each
claim carries the sentence that makes it, for the reason to quote.

Not claims: a share of the year's target (完成年度目标的75.7% — arithmetic judges it), an
intent or forecast of completion (确保完成全年目标, 力争…, 有望…), a negation (未完成全年目标),
a month's or a milestone's plan reported done (本月已完成, 月度计划已完成), and a bare "已完成。"
— published tables print it against the month's work plan, not the year's task.

Pure: no Django.
"""

import re
from dataclasses import dataclass

COMPLETED = "COMPLETED"
AHEAD = "AHEAD"

_COMPLETED_RE = re.compile(
    r"(?:已经?|均已|全部|提前|超额|加倍)+完成了?(?P<object>(?:全年|年度|今年|本年度?)(?:目标|计划)?(?:任务)?"
    r"|(?:该项|本项)?任务|(?:年度)?目标任务)"
    r"|(?:全面|提前)完成(?:全年|年度)(?:目标|计划)?(?:任务)?"
    r"|加倍完成"
    r"|完成[^,,。;;的]{1,14}的(?:全年|年度)(?:目标|任务)+(?![的0-9])"
)
_LEAD_RE = re.compile(
    r"(?:快于|高于|超过|超出|超|略高于)(?:序时|时序)(?:进度)?(?:\d+(?:\.\d+)?个百分点)?"
    r"|高于目标\d+(?:\.\d+)?个百分点"
    r"|超额完成\d{1,2}月份?[^。;;]{0,24}?节点(?:目标)?"
    r"|提前[一二三两\d]*个?月完成全年(?:目标|任务)?"
)
# Intent, forecast or negation just before the claim: not a statement of fact.
_NOT_A_FACT_BEFORE_RE = re.compile(
    r"(?:确保|力争|争取|有望|可望|将|计划|拟|要|未|尚未|没有|没|难以|不能|无法|能否|能够|可)$"
)
# The month's or a milestone's plan, not the year's task.
_PERIOD_PLAN_BEFORE_RE = re.compile(r"(?:本月|当月|月度|季度|节点)[^。;;,,]{0,8}$")
_SHARE_AFTER_RE = re.compile(r"^(?:\([^)]{0,12}\))?的\d")
_OVER_SHARE_AFTER_RE = re.compile(r"^(?:\([^)]{0,12}\))?的(?P<share>\d+(?:\.\d+)?)%")
_SENTENCE_END = "。;;!\n"
_QUOTE_LIMIT = 60


@dataclass(frozen=True)
class Claim:
    """A completion or lead the progress text states: COMPLETED or AHEAD, with its sentence."""

    status: str
    sentence: str
    phrase: str


def _sentence(text: str, start: int, end: int) -> str:
    first = max((text.rfind(mark, 0, start) for mark in _SENTENCE_END), default=-1) + 1
    last_candidates = [index for mark in _SENTENCE_END if (index := text.find(mark, end)) >= 0]
    last = min(last_candidates) if last_candidates else len(text)
    sentence = text[first:last].strip()
    if len(sentence) > _QUOTE_LIMIT:
        # Keep the claim in view: cut around it.
        head = max(0, start - first - 20)
        sentence = "…" + sentence[head : head + _QUOTE_LIMIT] + "…"
    return sentence


def _completion_claim(text: str, match: re.Match[str]) -> Claim | None:
    before = text[max(0, match.start() - 6) : match.start()]
    clause_before = re.split(r"[,,。;;\n]", text[: match.start()])[-1]
    after = text[match.end() : match.end() + 16]
    phrase = match.group(0)
    if _NOT_A_FACT_BEFORE_RE.search(before) or _PERIOD_PLAN_BEFORE_RE.search(clause_before):
        return None
    over = _OVER_SHARE_AFTER_RE.match(after)
    if over is not None:
        # 完成年度目标的75.7%: a share for arithmetic, unless it is over the whole.
        if float(over.group("share")) < 100:
            return None
    elif _SHARE_AFTER_RE.match(after):
        return None
    if "预计" in clause_before:
        return Claim(AHEAD, _sentence(text, match.start(), match.end()), phrase)
    return Claim(COMPLETED, _sentence(text, match.start(), match.end()), phrase)


def stated_claims(progress_text: str) -> list[Claim]:
    """Completion and lead claims of `progress_text`, in reading order."""
    found: list[tuple[int, Claim]] = []
    taken: list[tuple[int, int]] = []
    for match in _LEAD_RE.finditer(progress_text):
        before = progress_text[max(0, match.start() - 6) : match.start()]
        if _NOT_A_FACT_BEFORE_RE.search(before):
            continue
        taken.append((match.start(), match.end()))
        sentence = _sentence(progress_text, match.start(), match.end())
        found.append((match.start(), Claim(AHEAD, sentence, match.group(0))))
    for match in _COMPLETED_RE.finditer(progress_text):
        if any(start < match.end() and match.start() < end for start, end in taken):
            continue
        claim = _completion_claim(progress_text, match)
        if claim is not None:
            found.append((match.start(), claim))
    found.sort(key=lambda item: item[0])
    return [claim for _, claim in found]
