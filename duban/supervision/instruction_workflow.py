"""A leader's instruction on a task (领导批示) as a literal transition table. Pure: no Django.

The office records it (已登记); the lead department signs for it (已签收) and replies (已回复).
Instructions are never scored in the appraisal: the 2024 rules on reducing the burden on the
grassroots forbid scoring on "obtaining instructions".
"""

from datetime import date

from duban.core import transitions

RECORDED = "recorded"
SIGNED = "signed"
REPLIED = "replied"

STATES: tuple[str, ...] = (RECORDED, SIGNED, REPLIED)

SIGN = "sign"
REPLY = "reply"

ACTIONS: tuple[str, ...] = (SIGN, REPLY)
ACTION_LABELS: dict[str, str] = {SIGN: "签收", REPLY: "回复"}

DEPARTMENT = "department"
OFFICE = "office"
CAPACITIES: tuple[str, ...] = (DEPARTMENT, OFFICE)


Transition = transitions.Transition

TRANSITIONS: tuple[Transition, ...] = (
    Transition(RECORDED, SIGN, SIGNED, DEPARTMENT),
    Transition(SIGNED, REPLY, REPLIED, DEPARTMENT),
)

AWAITING_REPLY = frozenset({RECORDED, SIGNED})


def find_transition(state: str, action: str) -> Transition | None:
    return transitions.find(TRANSITIONS, state, action)


def actions_from(state: str, capacities: frozenset[str]) -> list[Transition]:
    return transitions.open_to(TRANSITIONS, state, capacities)


def is_overdue(state: str, reply_due: date | None, today: date) -> bool:
    """Past the reply date with no reply yet."""
    return state in AWAITING_REPLY and reply_due is not None and today > reply_due
