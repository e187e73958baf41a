"""The slip's transition table: every state × action, allowed or refused."""

import datetime
import itertools

import pytest

from duban.supervision import workflow
from duban.supervision.workflow import (
    ACTIONS,
    CLOSE,
    CLOSED,
    DEPARTMENT,
    ESCALATE,
    ESCALATED,
    ISSUED,
    OFFICE,
    REPLIED,
    REPLY,
    SIGN,
    SIGNED,
    STATES,
)

# (state, action) → (target, who); every pair not listed must be refused.
ALLOWED = {
    (ISSUED, SIGN): (SIGNED, DEPARTMENT),
    (SIGNED, REPLY): (REPLIED, DEPARTMENT),
    (REPLIED, CLOSE): (CLOSED, OFFICE),
    (ISSUED, ESCALATE): (ESCALATED, OFFICE),
    (SIGNED, ESCALATE): (ESCALATED, OFFICE),
    (REPLIED, ESCALATE): (ESCALATED, OFFICE),
}


@pytest.mark.parametrize(("state", "action"), list(itertools.product(STATES, ACTIONS)))
def test_every_state_and_action(state, action):
    transition = workflow.find_transition(state, action)
    if (state, action) in ALLOWED:
        assert transition is not None
        assert (transition.target, transition.actor) == ALLOWED[(state, action)]
    else:
        assert transition is None, f"{state} --{action}--> must be refused"


@pytest.mark.parametrize(("state", "action"), list(itertools.product(STATES, ACTIONS)))
def test_each_capacity_sees_only_its_own_steps(state, action):
    for capacity in (DEPARTMENT, OFFICE):
        offered = {t.action for t in workflow.actions_from(state, frozenset({capacity}))}
        expected = ALLOWED.get((state, action))
        assert (action in offered) == (expected is not None and expected[1] == capacity)


def test_final_states_allow_nothing():
    for state in workflow.FINAL_STATES:
        assert workflow.actions_from(state, frozenset({DEPARTMENT, OFFICE})) == []


def test_every_action_has_a_chinese_label():
    assert workflow.ACTION_LABELS == {
        SIGN: "签收",
        REPLY: "回复",
        CLOSE: "办结",
        ESCALATE: "升级督办",
    }


@pytest.mark.parametrize(
    ("state", "today", "overdue"),
    [
        (ISSUED, datetime.date(2021, 10, 20), False),  # on the deadline day: not yet
        (ISSUED, datetime.date(2021, 10, 21), True),
        (SIGNED, datetime.date(2021, 10, 21), True),
        (REPLIED, datetime.date(2021, 10, 21), False),
        (CLOSED, datetime.date(2021, 10, 21), False),
        (ESCALATED, datetime.date(2021, 10, 21), False),
    ],
)
def test_is_overdue(state, today, overdue):
    assert workflow.is_overdue(state, datetime.date(2021, 10, 20), today) is overdue
