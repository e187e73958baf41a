"""Levels and states of supervision slips, proposals and their badge colours."""

from django.db import models


class SlipLevel(models.TextChoices):
    """The colour level of a slip (三色督办单): 蓝 reminder → 黄 warning → 红."""

    BLUE = "blue", "蓝"
    YELLOW = "yellow", "黄"
    RED = "red", "红"


# Badge colour per level (the supervision templates style `status-blue` themselves).
SLIP_LEVEL_COLOURS: dict[str, str] = {
    SlipLevel.BLUE: "blue",
    SlipLevel.YELLOW: "yellow",
    SlipLevel.RED: "red",
}

# The order slips escalate in; the last level has no next one.
LEVEL_ORDER: list[str] = [SlipLevel.BLUE, SlipLevel.YELLOW, SlipLevel.RED]


def next_level(level: str) -> str | None:
    """The level after `level`, or None for 红."""
    index = LEVEL_ORDER.index(level)
    return LEVEL_ORDER[index + 1] if index + 1 < len(LEVEL_ORDER) else None


class SlipState(models.TextChoices):
    ISSUED = "issued", "已下发"
    SIGNED = "signed", "已签收"
    REPLIED = "replied", "已回复"
    CLOSED = "closed", "已办结"
    ESCALATED = "escalated", "已升级"


SLIP_STATE_COLOURS: dict[str, str] = {
    SlipState.ISSUED: "yellow",
    SlipState.SIGNED: "yellow",
    SlipState.REPLIED: "green",
    SlipState.CLOSED: "green",
    SlipState.ESCALATED: "grey",
}

OVERDUE_LABEL = "逾期"


class ProposalKind(models.TextChoices):
    SLIP = "slip", "建议下发督办单"
    ESCALATE = "escalate", "建议升级督办"


class ProposalState(models.TextChoices):
    OPEN = "open", "待决定"
    ACCEPTED = "accepted", "已采纳"
    DISMISSED = "dismissed", "不采纳"


PROPOSAL_STATE_COLOURS: dict[str, str] = {
    ProposalState.OPEN: "yellow",
    ProposalState.ACCEPTED: "green",
    ProposalState.DISMISSED: "grey",
}


class InstructionState(models.TextChoices):
    RECORDED = "recorded", "已登记"
    SIGNED = "signed", "已签收"
    REPLIED = "replied", "已回复"
