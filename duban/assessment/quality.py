"""The report-quality check: what a careful reviewer would send back before judging a report.

Five flags, each with a Chinese reason naming what was found:

- empty: no text, a dash, or only a status word with no evidence (已完成。, 推进中);
- copied: essentially the previous period's text (the 无新进展 similarity measure of the
  cockpit) with the same figures — a moved figure in the same wording is an update;
- no_figure: the task has a quantitative target and the report gives no figure to judge it by;
- boilerplate: a long text without a number, date, place, quotation or named project
  (稳步推进、有序开展…);
- contradiction: a figure contradicts the status the report states (按时推进 with a figure far
  behind the time share; 滞后 with the target reached).

Flags never block a submission and are never an appraisal deduction by themselves (the scheme
decides, `ScoringScheme.deduct_report_quality`, off by default).

Pure: no Django, no clock (the as-of date is passed in).
"""

import re
from dataclasses import dataclass
from datetime import date

from duban.assessment.extraction import extract
from duban.assessment.extraction.numbers import PERCENT_UNITS
from duban.assessment.rules import (
    Assessment,
    AssessmentSettings,
    Status,
    assess_row,
    time_share,
)
from duban.assessment.stages import stage_mismatch
from duban.reporting.diff import similarity

EMPTY = "empty"
COPIED = "copied"
NO_FIGURE = "no_figure"
BOILERPLATE = "boilerplate"
CONTRADICTION = "contradiction"
FLAGS = (EMPTY, COPIED, NO_FIGURE, BOILERPLATE, CONTRADICTION)

FLAG_NAMES = {
    EMPTY: "内容空泛",
    COPIED: "照抄上期",
    NO_FIGURE: "缺少可比数据",
    BOILERPLATE: "套话无实据",
    CONTRADICTION: "数据与自评矛盾",
}

EMPTY_REASON = "进展情况为空或只有“{text}”等状态用语,没有具体进展"
COPIED_REASON = "进展情况与上期基本相同(相似度{similarity:.0%}),数据未更新"
NO_FIGURE_REASON = "任务有量化目标“{target}”,进展情况未报告可比数据"
BOILERPLATE_REASON = "进展情况{length}字,没有数字、日期、地点或具体项目,多为“{phrases}”等套话"
CONTRADICTION_BEHIND_REASON = "自评“{stated}”,但“{figure}”落后序时进度{gap:.1f}个百分点"
CONTRADICTION_STAGE_REASON = "自评“{stated}”,但{note}"
CONTRADICTION_REACHED_REASON = "自评“{stated}”,但“{figure}”已达到目标"

# Default of the cockpit's 无新进展 measure (settings.DUBAN_NO_PROGRESS_SIMILARITY).
DEFAULT_COPY_SIMILARITY = 0.9
# A stated on-schedule status is contradicted by a figure this many points behind.
CONTRADICTION_GAP_PP = 10.0
BOILERPLATE_MIN_LENGTH = 30
EMPTY_MAX_LENGTH = 8

_PUNCTUATION_RE = re.compile(r"[\s。,,、;;::!!??…—\-/()()“”\"'《》]+")
_PLACEHOLDERS = frozenset(("", "无", "暂无", "略", "同上"))
_NUMBER_RE = re.compile(r"\d+(?:\.\d+)?")
_DATE_NUMBER_AFTER_RE = re.compile(r"^(?:年|月|日|号|时)")
_FACT_RE = re.compile(
    r"\d|[一二两三四五六七八九十百千万]+(?:个|家|项|所|条|座|次|批|人|户|处|名|场|台|套|公里|亩)"
    r"|“|《|[\u4e00-\u9fff]{2,}(?:县|区|镇|乡|村|街道|社区|医院|学校|中学|小学|公司|园区|大道|路|桥)"
)
_GENERIC_PLACES = frozenset(("全市", "全县", "全区", "全镇", "本市", "我市", "我县", "我区"))
_BOILERPLATE_RE = re.compile(
    r"稳步推进|有序开展|有序推进|扎实推进|持续推进|积极推进|加快推进|全力推进|高度重视|"
    r"强化组织领导|压实.{0,2}责任|明确责任|加强统筹|统筹协调|落地见效|取得.{0,4}成效|"
    r"进一步|加大.{0,2}力度|确保按时|按计划推进|顺利推进|总体.{0,2}顺利|久久为功|"
    r"切实|扎实|全面落实|持续发力|良好格局|良好氛围|打下.{0,2}基础|积极对接|沟通协调|"
    r"认真研究|精准施策|集中力量|倒排工期|挂图作战"
)
_ON_SCHEDULE_WORDS_RE = re.compile(
    r"按时|达到时间进度|达到序时|按时序|按序时|顺利推进|正常推进|进度较快|超进度|已完成|超额完成|"
    r"完成全年|完成任务|新建成|^否$"
)
_BRACKETS_RE = re.compile(r"[()()]")
_BARE_PERCENT_RE = re.compile(r"\d+(?:\.\d+)?%")
_DONE_WORDS_RE = re.compile(r"完成|建成|竣工|完工")
_BEHIND_WORDS_RE = re.compile(r"滞后|未达到|落后|慢于|低于序时|欠进度|慢序时")
_STATUS_WORDS_RE = re.compile(
    r"^(?:已完成|已完工|已办结|完成|推进中|正在推进|进展顺利|进展加快|按计划推进|有序推进|"
    r"稳步推进|正常推进|持续推进|已启动|未启动|进行中|正在实施|实施中)$"
)


@dataclass(frozen=True)
class QualityFlag:
    """One flag on a report, with the reason a department or reviewer reads."""

    code: str
    reason: str

    @property
    def name(self) -> str:
        return FLAG_NAMES[self.code]


def _plain(text: str) -> str:
    return _PUNCTUATION_RE.sub("", text)


def _figures(text: str) -> list[str]:
    """The numbers of a text that are not dates (2021年, 6月 are dropped)."""
    return sorted(
        match.group()
        for match in _NUMBER_RE.finditer(text)
        if not _DATE_NUMBER_AFTER_RE.match(text[match.end() : match.end() + 1])
    )


def is_empty(progress: str) -> bool:
    """No text, a dash or placeholder, or a status word alone (已完成。); a bare figure is not."""
    plain = _plain(progress)
    if plain in _PLACEHOLDERS:
        return True
    if _NUMBER_RE.search(plain):
        return False
    return len(plain) <= EMPTY_MAX_LENGTH and bool(_STATUS_WORDS_RE.match(plain) or len(plain) <= 3)


_DIGITS_RE = re.compile(r"\d+(?:\.\d+)?")


def copied_similarity(
    previous: str | None, progress: str, threshold: float = DEFAULT_COPY_SIMILARITY
) -> float | None:
    """The similarity to the previous text when the report is a copy of it (same figures),
    else None."""
    if not previous or not previous.strip() or not _plain(progress):
        return None
    if _figures(previous) != _figures(progress):
        return None  # a figure moved: an update in the same wording
    # The figures are equal; a date moved on (11月底 → 12月底) does not make a copy new.
    ratio = similarity(_DIGITS_RE.sub("#", _plain(previous)), _DIGITS_RE.sub("#", _plain(progress)))
    return ratio if ratio >= threshold else None


def boilerplate_phrases(progress: str) -> list[str]:
    """The stock phrases of a long text that states no fact (no number, date, place, quotation
    or named project), else []."""
    plain = _plain(progress)
    if len(plain) < BOILERPLATE_MIN_LENGTH:
        return []
    for match in _FACT_RE.finditer(progress):
        if not any(match.group().endswith(place) for place in _GENERIC_PLACES):
            return []
    return [match.group() for match in _BOILERPLATE_RE.finditer(progress)]


def _bare_share_gap(assessment: Assessment, progress: str, as_of: date) -> tuple[str, float] | None:
    """A bare works share (57%, 已完成1个(50%)) on a task with no percentage target, and how
    far it is behind the time share, when the engine judged no figure."""
    if any(target.unit in PERCENT_UNITS for target in assessment.targets):
        return None
    for actual in extract("", progress).actuals:
        shown = _BRACKETS_RE.sub("", actual.text)
        works_share = actual.kind == "completion" or bool(_BARE_PERCENT_RE.fullmatch(shown))
        if works_share and actual.reportable and 0 < actual.value <= 100:
            share = time_share(actual.months, as_of) * 100
            return shown, share - actual.value
    return None


def _contradiction(stated: str, assessment: Assessment, progress: str, as_of: date) -> str | None:
    says_behind = bool(_BEHIND_WORDS_RE.search(stated))
    says_on_schedule = not says_behind and bool(_ON_SCHEDULE_WORDS_RE.search(stated))
    says_done = says_on_schedule and bool(_DONE_WORDS_RE.search(stated))
    if says_done:
        stage_note = next((reason for reason in assessment.reasons if "不作比较" in reason), None)
        if stage_note is not None:
            return CONTRADICTION_STAGE_REASON.format(stated=stated, note=stage_note)
    if says_on_schedule and not any(figure.counted for figure in assessment.figures):
        bare = _bare_share_gap(assessment, progress, as_of)
        if bare is not None and bare[1] >= CONTRADICTION_GAP_PP:
            return CONTRADICTION_BEHIND_REASON.format(stated=stated, figure=bare[0], gap=bare[1])
    for figure in assessment.figures:
        if not figure.counted or figure.gap_pp is None:
            continue
        described = figure.actual or figure.target
        far_behind = figure.gap_unit == "个百分点" and figure.gap_pp >= CONTRADICTION_GAP_PP
        if says_on_schedule and far_behind:
            return CONTRADICTION_BEHIND_REASON.format(
                stated=stated, figure=described, gap=figure.gap_pp
            )
        reached = figure.completion is not None and figure.completion >= 100
        reached = reached or (figure.completion is None and figure.gap_pp <= 0)
        if (
            says_behind
            and reached
            and figure.status in (Status.COMPLETED, Status.AHEAD, Status.ON_TRACK)
        ):
            return CONTRADICTION_REACHED_REASON.format(stated=stated, figure=described)
    return None


def _has_comparable_figure(assessment: Assessment, progress: str) -> bool:
    """Whether the progress prints a figure a reviewer could compare with a target: one in a
    target's unit or a percentage (a share of the works, 完成进度80%), achieved rather than
    planned. The engine pairs more strictly; this flag is about what was written."""
    units = {target.unit for target in assessment.targets} | set(PERCENT_UNITS)
    return any(
        actual.reportable
        and actual.kind != "gap"
        and actual.unit in units
        and (
            actual.unit in PERCENT_UNITS
            or not any(
                stage_mismatch(target.text, actual.text, progress) for target in assessment.targets
            )
        )
        for actual in extract("", progress).actuals
    )


def check_report(
    task_text: str,
    progress: str,
    as_of: date,
    *,
    previous: str | None = None,
    self_status: str | None = None,
    copy_similarity: float = DEFAULT_COPY_SIMILARITY,
    settings: AssessmentSettings | None = None,
    assessment: Assessment | None = None,
) -> list[QualityFlag]:
    """The quality flags of one report, in FLAGS order. `self_status` is the status the
    department states (its self-assessment or printed status); `assessment` the engine's
    reading of the same texts, when the caller already has it."""
    flags: list[QualityFlag] = []
    empty = is_empty(progress)
    if empty:
        shown = progress.strip() or "(空)"
        flags.append(QualityFlag(EMPTY, EMPTY_REASON.format(text=shown[:12])))
    ratio = copied_similarity(previous, progress, copy_similarity)
    if ratio is not None and not empty:
        flags.append(QualityFlag(COPIED, COPIED_REASON.format(similarity=ratio)))
    assessment = assessment or assess_row(task_text, progress, as_of, settings)
    if (
        assessment.targets
        and not assessment.figures
        and not _has_comparable_figure(assessment, progress)
    ):
        flags.append(
            QualityFlag(NO_FIGURE, NO_FIGURE_REASON.format(target=assessment.targets[0].text))
        )
    phrases = [] if empty else boilerplate_phrases(progress)
    if phrases:
        shown_phrases = "、".join(dict.fromkeys(phrases))
        flags.append(
            QualityFlag(
                BOILERPLATE,
                BOILERPLATE_REASON.format(length=len(_plain(progress)), phrases=shown_phrases),
            )
        )
    if self_status and self_status.strip():
        reason = _contradiction(self_status.strip(), assessment, progress, as_of)
        if reason is not None:
            flags.append(QualityFlag(CONTRADICTION, reason))
    return flags
