"""The transition table, every transition and every refused one."""

import datetime

import pytest

from duban.reporting import workflow as wf

STATES = [wf.DRAFT, wf.PENDING_HEAD, wf.SUBMITTED, wf.APPROVED, wf.RETURNED]
ACTIONS = ["save", "submit", "approve", "return"]
ALLOWED = {
    (wf.DRAFT, "save"): (wf.DRAFT, wf.LIAISON),
    (wf.RETURNED, "save"): (wf.DRAFT, wf.LIAISON),
    (wf.DRAFT, "submit"): (wf.PENDING_HEAD, wf.LIAISON),
    (wf.RETURNED, "submit"): (wf.PENDING_HEAD, wf.LIAISON),
    (wf.PENDING_HEAD, "approve"): (wf.SUBMITTED, wf.HEAD),
    (wf.PENDING_HEAD, "return"): (wf.RETURNED, wf.HEAD),
    (wf.SUBMITTED, "approve"): (wf.APPROVED, wf.REVIEWER),
    (wf.SUBMITTED, "return"): (wf.RETURNED, wf.REVIEWER),
}


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("action", ACTIONS)
def test_transition_table(state, action):
    transition = wf.find_transition(state, action)
    expected = ALLOWED.get((state, action))
    if expected is None:
        assert transition is None
    else:
        assert transition is not None
        assert (transition.target, transition.actor) == expected
        assert transition.needs_reason is (action == "return")


def test_approved_is_final():
    assert wf.actions_from(wf.APPROVED, frozenset({wf.LIAISON, wf.HEAD, wf.REVIEWER})) == []


@pytest.mark.parametrize(
    ("capacities", "state", "actions"),
    [
        ({wf.LIAISON}, wf.DRAFT, ["save", "submit"]),
        ({wf.HEAD}, wf.DRAFT, []),
        ({wf.HEAD}, wf.PENDING_HEAD, ["approve", "return"]),
        ({wf.REVIEWER}, wf.PENDING_HEAD, []),
        ({wf.REVIEWER}, wf.SUBMITTED, ["approve", "return"]),
        ({wf.LIAISON}, wf.RETURNED, ["save", "submit"]),
    ],
)
def test_actions_from(capacities, state, actions):
    assert [t.action for t in wf.actions_from(state, frozenset(capacities))] == actions


DUE = datetime.date(2021, 10, 10)


@pytest.mark.parametrize(
    ("state", "today", "overdue"),
    [
        (wf.DRAFT, datetime.date(2021, 10, 10), False),  # on the due date: not yet late
        (wf.DRAFT, datetime.date(2021, 10, 11), True),
        (wf.RETURNED, datetime.date(2021, 10, 11), True),
        (wf.PENDING_HEAD, datetime.date(2021, 10, 11), True),
        (wf.SUBMITTED, datetime.date(2021, 10, 11), False),
        (wf.APPROVED, datetime.date(2021, 10, 11), False),
    ],
)
def test_overdue(state, today, overdue):
    assert wf.is_overdue(state, DUE, today) is overdue
    assert wf.is_overdue(state, None, today) is False
