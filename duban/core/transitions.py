"""The lookups every workflow table shares. Pure: no Django.

Each workflow (`reporting/workflow.py`, `reporting/closure_workflow.py`,
`ledger/workflow.py`, `supervision/workflow.py`, `supervision/instruction_workflow.py`) keeps
its own literal table of `Transition`s; these functions read any such table.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TypeVar


@dataclass(frozen=True)
class Transition:
    """From `source`, `action` leads to `target`; someone acting as `actor` may take it."""

    source: str
    action: str
    target: str
    actor: str


T = TypeVar("T", bound=Transition)


def find(table: Iterable[T], state: str, action: str) -> T | None:
    """The transition `action` takes from `state`, or None when the table has none."""
    for transition in table:
        if transition.source == state and transition.action == action:
            return transition
    return None


def open_to(table: Iterable[T], state: str, capacities: frozenset[str]) -> list[T]:
    """The transitions someone acting in `capacities` may take from `state`."""
    return [t for t in table if t.source == state and t.actor in capacities]
