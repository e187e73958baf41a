"""A task's closure (办结 / 销号) as a literal transition table. Pure: no Django, no clock.

The lead department applies with evidence (已申请); the office verifies (已核实) or sends it
back (已退回, with a note); a leader confirms (已销号) or sends it back (with a note). A closed
task may be reopened by the office, with a reason (已重启). 已退回 and 已重启 are final for that
application: the department applies again with a new one.
"""

from dataclasses import dataclass

from duban.core import transitions

NONE = "none"  # no application under way: where "apply" starts
APPLIED = "applied"
VERIFIED = "verified"
CONFIRMED = "confirmed"
REJECTED = "rejected"
REOPENED = "reopened"

STATES: tuple[str, ...] = (NONE, APPLIED, VERIFIED, CONFIRMED, REJECTED, REOPENED)
STATE_LABELS: dict[str, str] = {
    NONE: "未申请",
    APPLIED: "已申请",
    VERIFIED: "已核实",
    CONFIRMED: "已销号",
    REJECTED: "已退回",
    REOPENED: "已重启",
}

APPLY = "apply"
VERIFY = "verify"
CONFIRM = "confirm"
REJECT = "reject"
REOPEN = "reopen"

ACTIONS: tuple[str, ...] = (APPLY, VERIFY, CONFIRM, REJECT, REOPEN)
ACTION_LABELS: dict[str, str] = {
    APPLY: "申请销号",
    VERIFY: "核实",
    CONFIRM: "确认销号",
    REJECT: "退回",
    REOPEN: "重启任务",
}

# Who acts: the lead department (liaison or head), the supervision office, a leader.
DEPARTMENT = "department"
OFFICE = "office"
LEADER = "leader"
CAPACITIES: tuple[str, ...] = (DEPARTMENT, OFFICE, LEADER)


@dataclass(frozen=True)
class Transition(transitions.Transition):
    needs_note: bool = False


TRANSITIONS: tuple[Transition, ...] = (
    Transition(NONE, APPLY, APPLIED, DEPARTMENT),
    Transition(APPLIED, VERIFY, VERIFIED, OFFICE),
    Transition(APPLIED, REJECT, REJECTED, OFFICE, needs_note=True),
    Transition(VERIFIED, CONFIRM, CONFIRMED, LEADER),
    Transition(VERIFIED, REJECT, REJECTED, LEADER, needs_note=True),
    Transition(CONFIRMED, REOPEN, REOPENED, OFFICE, needs_note=True),
)

# An application in one of these states is the task's current one (at most one per task).
ACTIVE_STATES = frozenset({APPLIED, VERIFIED, CONFIRMED})
FINAL_STATES = frozenset({REJECTED, REOPENED})


def find_transition(state: str, action: str) -> Transition | None:
    """The transition `action` takes from `state`, or None when the table has none."""
    return transitions.find(TRANSITIONS, state, action)


def actions_from(state: str, capacities: frozenset[str]) -> list[Transition]:
    """The transitions someone acting in `capacities` may take from `state`."""
    return transitions.open_to(TRANSITIONS, state, capacities)
