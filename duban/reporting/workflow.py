"""The report workflow as a literal transition table. Pure: no Django models, no clock.

草稿 → 待部门审核 → 已提交 → 通过 | 退回 (with a reason) → 草稿. A returned report is edited
(which makes it a draft again) and submitted anew; the head may also send a report back.
"""

from dataclasses import dataclass
from datetime import date

from duban.core import transitions

DRAFT = "draft"
PENDING_HEAD = "pending_head"
SUBMITTED = "submitted"
APPROVED = "approved"
RETURNED = "returned"

# Who acts, by their relation to the report (not by role name alone): the lead department's
# liaison, the lead department's head, or the supervision office's reviewer.
LIAISON = "liaison"
HEAD = "head"
REVIEWER = "reviewer"


@dataclass(frozen=True)
class Transition(transitions.Transition):
    needs_reason: bool = False


TRANSITIONS: tuple[Transition, ...] = (
    Transition(DRAFT, "save", DRAFT, LIAISON),
    Transition(RETURNED, "save", DRAFT, LIAISON),
    Transition(DRAFT, "submit", PENDING_HEAD, LIAISON),
    Transition(RETURNED, "submit", PENDING_HEAD, LIAISON),
    Transition(PENDING_HEAD, "approve", SUBMITTED, HEAD),
    Transition(PENDING_HEAD, "return", RETURNED, HEAD, needs_reason=True),
    Transition(SUBMITTED, "approve", APPROVED, REVIEWER),
    Transition(SUBMITTED, "return", RETURNED, REVIEWER, needs_reason=True),
)

ACTION_LABELS = {"save": "保存", "submit": "提交", "approve": "通过", "return": "退回"}
EDITABLE_STATES = frozenset({DRAFT, RETURNED})


def find_transition(state: str, action: str) -> Transition | None:
    """The transition `action` takes from `state`, or None when the table has none."""
    return transitions.find(TRANSITIONS, state, action)


def actions_from(state: str, capacities: frozenset[str]) -> list[Transition]:
    """The transitions someone acting in `capacities` may take from `state`."""
    return transitions.open_to(TRANSITIONS, state, capacities)


NOT_YET_WITH_OFFICE = frozenset({DRAFT, RETURNED, PENDING_HEAD})


def is_overdue(state: str, due: date | None, today: date) -> bool:
    """Not yet with the office after the period's due date (逾期)."""
    return bool(due and today > due and state in NOT_YET_WITH_OFFICE)
