"""我的任务 gathers more than reports: apps above reporting (督办单 in supervision) register
what awaits a user, the way they register menu entries, so reporting names none of them."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class InboxTodo:
    """One line of 我的任务 that is not a report: what to do, on what, by when."""

    kind: str  # "督办单"
    action: str  # "签收", "回复", "办结"
    title: str
    url: str
    due: datetime.date | None
    overdue: bool


InboxSource = Callable[[Any, datetime.date], list[InboxTodo]]
_SOURCES: dict[str, InboxSource] = {}


def inbox_source_register(name: str, source: InboxSource) -> None:
    """Add a source of to-dos; registering the same name again replaces it."""
    _SOURCES[name] = source


def inbox_todos(*, user: Any, today: datetime.date) -> list[InboxTodo]:
    """Every registered source's to-dos for `user`, overdue first, then by due date."""
    todos = [todo for source in _SOURCES.values() for todo in source(user, today)]
    return sorted(todos, key=lambda t: (not t.overdue, t.due or datetime.date.max))
