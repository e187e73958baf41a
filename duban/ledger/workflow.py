"""A change request's life (调整 / 延期申请) as a literal transition table. Pure: no Django.

待核实 (requested, by the lead department, before the deadline) → 已核实 (checked, by the
office) → 已批准 (approved) | 未批准 (rejected), by a leader with a note. The office may refuse
a request it cannot verify (未批准); the department may withdraw its request until a leader
decides (已撤回). 已批准, 未批准 and 已撤回 are final.
"""

from datetime import date

from duban.core import transitions

REQUESTED = "requested"
CHECKED = "checked"
APPROVED = "approved"
REJECTED = "rejected"
WITHDRAWN = "withdrawn"

STATES: tuple[str, ...] = (REQUESTED, CHECKED, APPROVED, REJECTED, WITHDRAWN)

CHECK = "check"
APPROVE = "approve"
REJECT = "reject"
WITHDRAW = "withdraw"

ACTIONS: tuple[str, ...] = (CHECK, APPROVE, REJECT, WITHDRAW)

ACTION_LABELS: dict[str, str] = {
    CHECK: "核实",
    APPROVE: "批准",
    REJECT: "不予批准",
    WITHDRAW: "撤回",
}

# Who acts: the lead department (liaison or head), the office, a leader.
DEPARTMENT = "department"
OFFICE = "office"
LEADER = "leader"


Transition = transitions.Transition

TRANSITIONS: tuple[Transition, ...] = (
    Transition(REQUESTED, CHECK, CHECKED, OFFICE),
    Transition(REQUESTED, REJECT, REJECTED, OFFICE),
    Transition(CHECKED, APPROVE, APPROVED, LEADER),
    Transition(CHECKED, REJECT, REJECTED, LEADER),
    Transition(REQUESTED, WITHDRAW, WITHDRAWN, DEPARTMENT),
    Transition(CHECKED, WITHDRAW, WITHDRAWN, DEPARTMENT),
)

FINAL_STATES = frozenset({APPROVED, REJECTED, WITHDRAWN})
OPEN_STATES = frozenset({REQUESTED, CHECKED})


def find_transition(state: str, action: str, capacities: frozenset[str]) -> Transition | None:
    """The transition `action` takes from `state` for someone in `capacities`, or None."""
    for transition in TRANSITIONS:
        if (
            transition.source == state
            and transition.action == action
            and transition.actor in capacities
        ):
            return transition
    return None


def actions_from(state: str, capacities: frozenset[str]) -> list[Transition]:
    """The transitions someone acting in `capacities` may take from `state`."""
    return transitions.open_to(TRANSITIONS, state, capacities)


def may_request(deadline: date, today: date) -> bool:
    """A change is asked for before the deadline passes; on the deadline day it still may."""
    return today <= deadline
