"""The canonical status codes and their names: the one status vocabulary.

Pure (no Django), so the rule modules use it as they are; `status.TaskStatus` (the model
choices) is built from the same codes and names.
"""

from collections.abc import Mapping
from enum import StrEnum
from types import MappingProxyType


class StatusCode(StrEnum):
    COMPLETED = "COMPLETED"
    AHEAD = "AHEAD"
    ON_TRACK = "ON_TRACK"
    PARTLY_BEHIND = "PARTLY_BEHIND"
    BEHIND = "BEHIND"
    NOT_STARTED = "NOT_STARTED"
    NOT_ASSESSABLE = "NOT_ASSESSABLE"


STATUS_NAMES: Mapping[str, str] = MappingProxyType(
    {
        StatusCode.COMPLETED: "已完成",
        StatusCode.AHEAD: "进度较快",
        StatusCode.ON_TRACK: "按时推进",
        StatusCode.PARTLY_BEHIND: "部分滞后",
        StatusCode.BEHIND: "进度滞后",
        StatusCode.NOT_STARTED: "未启动",
        StatusCode.NOT_ASSESSABLE: "暂不评估",
    }
)

# Two different questions, two names:
# - behind schedule (滞后): under way, but slower than the schedule — what escalates a slip;
BEHIND_SCHEDULE = frozenset({StatusCode.PARTLY_BEHIND, StatusCode.BEHIND})
# - behind or not started: everything the cockpit lists as needing attention, worst first.
BEHIND_OR_NOT_STARTED = (StatusCode.BEHIND, StatusCode.NOT_STARTED, StatusCode.PARTLY_BEHIND)
