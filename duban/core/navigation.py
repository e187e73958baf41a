"""The left navigation, declared by the apps that own the pages.

Each app registers its own entries in its `AppConfig.ready()`, with the predicate from its own
`permissions.py`; core only orders them and marks the active one, so it names no app's URLs.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.urls import reverse


@dataclass(frozen=True)
class NavEntry:
    order: int  # place in the menu, smallest first (10, 20, …: room to insert)
    label: str
    url_name: str
    prefix: str  # a path starting with this marks the entry active
    allowed: Callable[[Any], bool]


@dataclass(frozen=True)
class NavLink:
    label: str
    url: str
    active: bool


_ENTRIES: dict[str, NavEntry] = {}


def nav_register(*entries: NavEntry) -> None:
    """Add entries to the menu; registering the same URL name again replaces it."""
    for entry in entries:
        _ENTRIES[entry.url_name] = entry


def nav_links(request: HttpRequest) -> list[NavLink]:
    """The modules the signed-in user may use, in menu order, the current one marked."""
    path = request.path
    links = []
    for entry in sorted(_ENTRIES.values(), key=lambda e: e.order):
        if not entry.allowed(request.user):
            continue
        url = reverse(entry.url_name)
        links.append(NavLink(entry.label, url, path.startswith(entry.prefix) or path == url))
    return links
