"""When a re-imported row is the same task: 序号 and text must both agree (pure rules).

A row whose 序号 matches a task of the plan but whose text does not is a conflict the office
decides (update this task, import it as a new task, or skip the row); nothing is updated on
序号 alone.
"""

import difflib
import re

# Normalised texts at least this similar (difflib ratio) are the same task re-printed: a
# corrected typo or a reworded clause keeps well above it, another year's task falls below.
SAME_TASK_RATIO = 0.6
UPDATE, NEW, SKIP = "update", "new", "skip"
CONFLICT_ACTIONS = (UPDATE, NEW, SKIP)
CONFLICT_LABELS = {UPDATE: "更新该任务", NEW: "作为新任务", SKIP: "跳过此行"}
# A conflicting row imported as a new task takes its 序号; the task that had it keeps its
# place, renumbered so (原3), for the office to review.
MOVED_ASIDE_SEQ = "原{seq}"

ROW_CONFLICT = (
    "{where}:序号「{seq}」对应的已有任务内容不同(「{existing}」),"
    "需确认更新该任务、作为新任务或跳过此行。"
)
CONFLICTS_UNDECIDED = "有{count}行与已有任务序号相同但内容不同,未写入任何数据:{rows}"

_NOISE_RE = re.compile(r"[\s\u3000,,。.;;::、!!??“”\"'()()《》]+")


def normalised(text: str) -> str:
    return _NOISE_RE.sub("", text or "")


def same_task(existing_text: str, row_text: str) -> bool:
    """Whether a row's task text is the existing task's (by `SAME_TASK_RATIO`)."""
    a, b = normalised(existing_text), normalised(row_text)
    if a == b:
        return True
    if not a or not b:
        return False
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio() >= SAME_TASK_RATIO
