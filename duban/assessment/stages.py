"""Stages of a project count: chosen, tendered, signed, started, delivered, done.

"已开工2100套" does not report "改造3000套" (done); "确定改造对象500户" does not report
"完成350户改造"; "招投标文件已发布" beside 30所 says nothing of 30 systems built; "完成基础施工"
is works under way, not 建成并投入使用; a count whose sentence goes on "已完成总工程量的90%,计划
12月底前完成" is still being built. A target's stage is the one its text names (开工建设2家
counts starts, 签约项目30个 signings), else done. A figure's stage is read from its clause
(and, for a count not said to be done already, from the rest of its sentence); a figure of a
different stage never reports the target.

Pure: no Django.
"""

import re
from collections.abc import Mapping, Sequence
from dataclasses import replace

from duban.assessment.extraction import Actual, Pair, Target
from duban.assessment.extraction.pairing import pair_targets

SELECTED = "选定"
TENDERED = "招标"
SIGNED = "签约"
STARTED = "开工"
DELIVERED = "交付"
DONE = "完成"

STAGE_NAMES = {
    SELECTED: "确定对象",
    TENDERED: "招标",
    SIGNED: "签约",
    STARTED: "开工或在建",
    DELIVERED: "交付",
    DONE: "完成",
}

# The target's own stage word; none means done (改造3000套, 新建成1700套).
_TARGET_STAGES: tuple[tuple[str, re.Pattern[str]], ...] = (
    (STARTED, re.compile(r"开工|动工")),
    (SIGNED, re.compile(r"签约|签订")),
    (DELIVERED, re.compile(r"交付|交房")),
)
# A figure's stage, strongest evidence first: works under way outweighs the 完成 in 完成基础施工.
_FIGURE_STAGES: tuple[tuple[str, re.Pattern[str]], ...] = (
    (TENDERED, re.compile(r"招投标|招标|挂网|采购中|评标|开标")),
    (
        STARTED,
        re.compile(
            r"开工|动工|施工中|在建|正在施工|开始施工|进场|基础施工|基础建设|完成基础|主体结构"
            r"|主体工程|结顶|封顶|正在(?:建设|推进|实施|改造)|建设中|改造中"
        ),
    ),
    (SIGNED, re.compile(r"签约|签订")),
    (DELIVERED, re.compile(r"交付|交房")),
    (
        DONE,
        re.compile(
            r"完成|建成|竣工|完工|投用|投入使用|开通|通车|验收|安装|新增|开始服务|受益|惠及"
        ),
    ),
    (SELECTED, re.compile(r"确定|选定|摸排|排定|梳理|筛选|点位")),
)
# Later in the sentence of a count said to be done: it is still being built.
_STILL_BUILDING_RE = re.compile(
    r"总工程量的|形象进度|计划\d{1,2}月(?:底|末)?(?:前)?完成|预计\d{1,2}月(?:底|末)?(?:前)?(?:完成|建成)"
    r"|施工中|在建"
)
_DONE_ALREADY_RE = re.compile(r"已(?:经)?(?:完成|建成|竣工|完工|投用|交付)")
_OTHERS_RE = re.compile(r"剩余|其余|余下|另有")
_CLAUSE_END = ",,;;。\n"
_SENTENCE_END = ";;。\n"


def target_stage(target_text: str) -> str:
    """The stage the target counts: 开工, 签约, 交付, else done."""
    for stage, regex in _TARGET_STAGES:
        if regex.search(target_text):
            return stage
    return DONE


def _bounds(text: str, start: int, end: int, marks: str) -> tuple[int, int]:
    first = max((text.rfind(mark, 0, start) for mark in marks), default=-1) + 1
    ends = [index for mark in marks if (index := text.find(mark, end)) >= 0]
    return first, min(ends) if ends else len(text)


def figure_stage(figure_text: str, progress_text: str) -> str | None:
    """The stage of the figure printed as `figure_text` in `progress_text`, or None when its
    clause names none (a bare share, a figure not found in the text)."""
    start = progress_text.find(figure_text) if figure_text else -1
    if start < 0:
        return None
    end = start + len(figure_text)
    clause_start, clause_end = _bounds(progress_text, start, end, _CLAUSE_END)
    clause = progress_text[clause_start:clause_end]
    stage = next((stage for stage, regex in _FIGURE_STAGES if regex.search(clause)), None)
    if stage == DONE and not _DONE_ALREADY_RE.search(clause):
        _, sentence_end = _bounds(progress_text, start, end, _SENTENCE_END)
        rest = re.split(r"[,,]", progress_text[clause_end:sentence_end])
        # 剩余1家…预计8月底完成 speaks of the others, not of this count.
        if any(_STILL_BUILDING_RE.search(part) and not _OTHERS_RE.search(part) for part in rest):
            return STARTED
    return stage


def stage_mismatch(target_text: str, figure_text: str, progress_text: str) -> str | None:
    """Why the figure cannot report the target — its stage differs (已开工 against 改造) — or
    None when the stages agree or the figure names none."""
    wanted = target_stage(target_text)
    found = figure_stage(figure_text, progress_text)
    if found is None or found == wanted:
        return None
    return (
        f"进展情况“{figure_text}”是{STAGE_NAMES[found]}数,目标“{target_text}”计的是"
        f"{STAGE_NAMES[wanted]}数,不作比较"
    )


def _stage_note(target: Target, actual: Actual, progress_text: str) -> str | None:
    if target.kind != "amount" or actual.kind != "amount":
        return None
    return stage_mismatch(target.text, actual.text, progress_text)


def pairs_of_the_same_stage(
    targets: Sequence[Target],
    pairs: list[Pair],
    actuals: list[Actual],
    reported: Mapping[int, Actual],
    progress_text: str,
    as_of_month: int,
) -> tuple[list[Pair], list[str]]:
    """Pairs whose figure counts another stage than the target (已开工 against 改造) are
    dropped, and the target pairs again among the figures of its own stage; the notes say
    which figures were set aside."""
    kept: list[Pair] = []
    notes: list[str] = []
    used = {id(pair.actual) for pair in pairs}
    for pair in pairs:
        target = targets[pair.target_index]
        note = (
            None
            if pair.target_index in reported
            else _stage_note(target, pair.actual, progress_text)
        )
        if note is None:
            kept.append(pair)
            continue
        notes.append(note)
        candidates = [
            actual
            for actual in actuals
            if id(actual) not in used and _stage_note(target, actual, progress_text) is None
        ]
        again = pair_targets([target], candidates, as_of_month)
        if again:
            used.add(id(again[0].actual))
            kept.append(replace(again[0], target_index=pair.target_index))
    return kept, notes
