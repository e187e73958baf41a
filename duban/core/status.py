"""Canonical task statuses, their colours, and the status profiles that print them.

A plan prints statuses in its own vocabulary (Jiaxing: 进度较快 / 按时推进 / 部分滞后 / 进度滞后);
internally every status is one of the canonical codes below. Pure module: no Django models.
"""

from dataclasses import dataclass

from django.db import models


class TaskStatus(models.TextChoices):
    COMPLETED = "COMPLETED", "已完成"
    AHEAD = "AHEAD", "进度较快"
    ON_TRACK = "ON_TRACK", "按时推进"
    PARTLY_BEHIND = "PARTLY_BEHIND", "部分滞后"
    BEHIND = "BEHIND", "进度滞后"
    NOT_STARTED = "NOT_STARTED", "未启动"
    NOT_ASSESSABLE = "NOT_ASSESSABLE", "暂不评估"


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
