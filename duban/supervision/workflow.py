"""The supervision slip's life as a literal transition table. Pure: no Django, no clock.

已下发 (issued) → 已签收 (signed, by the addressed department) → 已回复 (replied, by the
department) → 已办结 (closed, by the office). Until it is closed the office may escalate a slip
(已升级): a new slip at the next colour level replaces it. 已办结 and 已升级 are final.
"""

from datetime import date

from duban.core import transitions

ISSUED = "issued"
SIGNED = "signed"
REPLIED = "replied"
CLOSED = "closed"
ESCALATED = "escalated"

STATES: tuple[str, ...] = (ISSUED, SIGNED, REPLIED, CLOSED, ESCALATED)

SIGN = "sign"
REPLY = "reply"
CLOSE = "close"
ESCALATE = "escalate"

ACTIONS: tuple[str, ...] = (SIGN, REPLY, CLOSE, ESCALATE)

ACTION_LABELS: dict[str, str] = {
    SIGN: "签收",
    REPLY: "回复",
    CLOSE: "办结",
    ESCALATE: "升级督办",
}

# Who acts: a liaison or head of an addressed department, or the supervision office.
DEPARTMENT = "department"
OFFICE = "office"


Transition = transitions.Transition

TRANSITIONS: tuple[Transition, ...] = (
    Transition(ISSUED, SIGN, SIGNED, DEPARTMENT),
    Transition(SIGNED, REPLY, REPLIED, DEPARTMENT),
    Transition(REPLIED, CLOSE, CLOSED, OFFICE),
    Transition(ISSUED, ESCALATE, ESCALATED, OFFICE),
    Transition(SIGNED, ESCALATE, ESCALATED, OFFICE),
    Transition(REPLIED, ESCALATE, ESCALATED, OFFICE),
)

FINAL_STATES = frozenset({CLOSED, ESCALATED})
AWAITING_REPLY = frozenset({ISSUED, SIGNED})


def find_transition(state: str, action: str) -> Transition | None:
    """The transition `action` takes from `state`, or None when the table has none."""
    return transitions.find(TRANSITIONS, state, action)


def actions_from(state: str, capacities: frozenset[str]) -> list[Transition]:
    """The transitions someone acting in `capacities` may take from `state`."""
    return transitions.open_to(TRANSITIONS, state, capacities)


def is_overdue(state: str, reply_deadline: date, today: date) -> bool:
    """Past the reply deadline with no reply yet (逾期)."""
    return state in AWAITING_REPLY and today > reply_deadline
