"""Other governments' status words and the canonical status each most likely means (pure).

A table printed with another vocabulary than the plan's (顺利推进, 未达序时, 有困难…) is not a
broken file: the preview lists each such word with the status below as the default, the office
confirms or changes it, and the printed word is kept beside the decided status. A word not in
this table and not in the plan's vocabulary is a problem of the row, as before.
"""

import re

from duban.core.status import StatusProfile
from duban.core.status_codes import StatusCode

DEFAULT_STATUS_WORDS: dict[str, StatusCode] = {
    # on track
    "顺利推进": StatusCode.ON_TRACK,
    "正常推进": StatusCode.ON_TRACK,
    "按时序推进": StatusCode.ON_TRACK,
    "按序时推进": StatusCode.ON_TRACK,
    "达到时间进度": StatusCode.ON_TRACK,
    "达到序时进度": StatusCode.ON_TRACK,
    "按时推进": StatusCode.ON_TRACK,
    "按计划推进": StatusCode.ON_TRACK,
    "有序推进": StatusCode.ON_TRACK,
    "推进中": StatusCode.ON_TRACK,
    "正常": StatusCode.ON_TRACK,
    # completed
    "已完成": StatusCode.COMPLETED,
    "完成": StatusCode.COMPLETED,
    "完成任务": StatusCode.COMPLETED,
    "完成全年目标": StatusCode.COMPLETED,
    "全面完成": StatusCode.COMPLETED,
    "已办结": StatusCode.COMPLETED,
    # ahead
    "超额完成": StatusCode.AHEAD,
    "进度较快": StatusCode.AHEAD,
    "超序时": StatusCode.AHEAD,
    "超时序": StatusCode.AHEAD,
    "超序时进度": StatusCode.AHEAD,
    "提前完成": StatusCode.AHEAD,
    # partly behind
    "未达序时": StatusCode.PARTLY_BEHIND,
    "未达时序": StatusCode.PARTLY_BEHIND,
    "未达到序时进度要求": StatusCode.PARTLY_BEHIND,
    "未达序时进度": StatusCode.PARTLY_BEHIND,
    "部分滞后": StatusCode.PARTLY_BEHIND,
    "基本达到序时": StatusCode.PARTLY_BEHIND,
    # behind
    "滞后": StatusCode.BEHIND,
    "进度滞后": StatusCode.BEHIND,
    "严重滞后": StatusCode.BEHIND,
    "有困难": StatusCode.BEHIND,
    "是": StatusCode.BEHIND,  # 进度是否滞后: 是
    # not started
    "未开工": StatusCode.NOT_STARTED,
    "未启动": StatusCode.NOT_STARTED,
    "尚未启动": StatusCode.NOT_STARTED,
    "未开展": StatusCode.NOT_STARTED,
}
_SPACES_RE = re.compile(r"[\s\u3000]+")


def default_status(word: str) -> str:
    """The canonical status `word` most likely means; "" when this table does not know it."""
    return DEFAULT_STATUS_WORDS.get(_SPACES_RE.sub("", word or ""), "")


def status_words_to_confirm(
    words: list[str], profile: StatusProfile, confirmed: dict[str, str] | None = None
) -> dict[str, str]:
    """Printed words outside the plan's vocabulary that this table knows, not yet confirmed:
    word → the default status (only one the plan's vocabulary has, else "": the office picks)."""
    confirmed = confirmed or {}
    pending: dict[str, str] = {}
    for word in dict.fromkeys(words):
        if not word or word in confirmed or profile.status_for(word) is not None:
            continue
        status = default_status(word)
        if status:
            pending[word] = status if profile.label_for(status) else ""
    return pending
