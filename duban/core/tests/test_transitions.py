"""The shared workflow lookups, over a small literal table."""

import pytest

from duban.core.transitions import Transition, find, open_to

TABLE = (
    Transition("draft", "submit", "submitted", "liaison"),
    Transition("submitted", "approve", "approved", "reviewer"),
    Transition("submitted", "return", "draft", "reviewer"),
)


@pytest.mark.parametrize(
    ("state", "action", "target"),
    [
        ("draft", "submit", "submitted"),
        ("submitted", "approve", "approved"),
        ("submitted", "return", "draft"),
        ("draft", "approve", None),
        ("approved", "submit", None),
    ],
)
def test_find_takes_the_step_the_table_names(state, action, target):
    found = find(TABLE, state, action)
    assert (found.target if found else None) == target


@pytest.mark.parametrize(
    ("state", "capacities", "actions"),
    [
        ("submitted", frozenset({"reviewer"}), ["approve", "return"]),
        ("submitted", frozenset({"liaison"}), []),
        ("draft", frozenset({"liaison", "reviewer"}), ["submit"]),
        ("approved", frozenset({"reviewer"}), []),
    ],
)
def test_open_to_lists_only_the_actors_steps(state, capacities, actions):
    assert [t.action for t in open_to(TABLE, state, capacities)] == actions
