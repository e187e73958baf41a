"""Canonical task statuses, their colours, and the status profiles that print them.

A plan prints statuses in its own vocabulary (Jiaxing: 进度较快 / 按时推进 / 部分滞后 / 进度滞后);
internally every status is one of the canonical codes below. Pure module: no Django models.
"""

from dataclasses import dataclass

from django.db import models

from .status_codes import BEHIND_OR_NOT_STARTED, BEHIND_SCHEDULE, STATUS_NAMES, StatusCode

__all__ = [
    "BEHIND_OR_NOT_STARTED",
    "BEHIND_SCHEDULE",
    "PROFILES",
    "STATUS_COLOURS",
    "StatusProfile",
    "TaskStatus",
    "get_profile",
]


class TaskStatus(models.TextChoices):
    """The model choices of `status_codes.StatusCode`: the same codes, the same names."""

    COMPLETED = StatusCode.COMPLETED.value, STATUS_NAMES[StatusCode.COMPLETED]
    AHEAD = StatusCode.AHEAD.value, STATUS_NAMES[StatusCode.AHEAD]
    ON_TRACK = StatusCode.ON_TRACK.value, STATUS_NAMES[StatusCode.ON_TRACK]
    PARTLY_BEHIND = StatusCode.PARTLY_BEHIND.value, STATUS_NAMES[StatusCode.PARTLY_BEHIND]
    BEHIND = StatusCode.BEHIND.value, STATUS_NAMES[StatusCode.BEHIND]
    NOT_STARTED = StatusCode.NOT_STARTED.value, STATUS_NAMES[StatusCode.NOT_STARTED]
    NOT_ASSESSABLE = StatusCode.NOT_ASSESSABLE.value, STATUS_NAMES[StatusCode.NOT_ASSESSABLE]


# Badge colour per status (green / yellow / red / grey), domain-practice §6 F.29.
STATUS_COLOURS: dict[str, str] = {
    TaskStatus.COMPLETED: "green",
    TaskStatus.AHEAD: "green",
    TaskStatus.ON_TRACK: "green",
    TaskStatus.PARTLY_BEHIND: "yellow",
    TaskStatus.BEHIND: "red",
    TaskStatus.NOT_STARTED: "red",
    TaskStatus.NOT_ASSESSABLE: "grey",
}


@dataclass(frozen=True)
class StatusProfile:
    """How one government prints statuses: canonical code → printed label, in table order."""

    code: str
    name: str
    labels: dict[str, str]

    def label_for(self, status: str) -> str:
        """The printed label of a canonical status ("" for no status)."""
        return self.labels.get(status, "") if status else ""

    def status_for(self, label: str) -> str | None:
        """The canonical status printed as `label`; None when outside the vocabulary."""
        for status, printed in self.labels.items():
            if printed == label:
                return status
        return None

    @property
    def vocabulary(self) -> list[str]:
        return list(self.labels.values())


PROFILES: dict[str, StatusProfile] = {
    "jiaxing": StatusProfile(
        code="jiaxing",
        name="嘉兴(进度较快/按时推进/部分滞后/进度滞后)",
        labels={
            TaskStatus.AHEAD: "进度较快",
            TaskStatus.ON_TRACK: "按时推进",
            TaskStatus.PARTLY_BEHIND: "部分滞后",
            TaskStatus.BEHIND: "进度滞后",
        },
    ),
    "standard": StatusProfile(
        code="standard",
        name="通用(已完成/进度较快/按时推进/部分滞后/进度滞后/未启动)",
        labels={
            TaskStatus.COMPLETED: "已完成",
            TaskStatus.AHEAD: "进度较快",
            TaskStatus.ON_TRACK: "按时推进",
            TaskStatus.PARTLY_BEHIND: "部分滞后",
            TaskStatus.BEHIND: "进度滞后",
            TaskStatus.NOT_STARTED: "未启动",
        },
    ),
}

PROFILE_CHOICES = [(p.code, p.name) for p in PROFILES.values()]


def get_profile(code: str) -> StatusProfile:
    return PROFILES[code]


def known_status_labels() -> set[str]:
    """Every label any profile prints: how a reader recognises a status cell."""
    return {label for profile in PROFILES.values() for label in profile.labels.values()}
