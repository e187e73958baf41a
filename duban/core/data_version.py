"""The data version: one token in the shared cache that changes on every write of domain data.

Pages that keep derived figures in the cache (the cockpit, the report-quality line) key them
on `data_version()`, so a write shows on the next view without each page having to know which
tables its figures come from. Every audited write passes through `core.audit.record_event`,
which calls `data_version_bump()`; derived rows written without an audit event (the kept
status suggestions, the scale generator) call it themselves.

The token is bumped twice: at once, so a read later in the same transaction (and a test, which
never commits) sees a fresh token, and again after the commit. The second bump is what keeps
figures correct across processes: a reader that took the token while the write was still
uncommitted may have cached the old figures under it, and nobody reads that token again.

A random token rather than a counter: when the cache drops the key (a flush, eviction), the
next token is new, never one an older entry was stored under.
"""

import secrets
import threading

from django.core.cache import cache
from django.db import transaction

DATA_VERSION_KEY = "duban:data-version"


def _new_token() -> str:
    return secrets.token_hex(8)


def data_version() -> str:
    """The current token (one cache read; a new token when the cache has none)."""
    token: str | None = cache.get(DATA_VERSION_KEY)
    if token is None:
        cache.add(DATA_VERSION_KEY, _new_token(), None)
        # Another process may have added its own between the two calls: take the stored one.
        token = cache.get(DATA_VERSION_KEY) or _new_token()
    return token


def _bump() -> None:
    cache.set(DATA_VERSION_KEY, _new_token(), None)


def data_version_bump() -> None:
    """Mark domain data as changed: now, and again after the current transaction commits
    (at once when there is none)."""
    _bump()
    if transaction.get_connection().in_atomic_block:
        # Many writes in one transaction (an import records an event per row) register many
        # callbacks; the first one after the commit bumps, the others find nothing pending.
        # Per thread: a transaction belongs to its thread's connection.
        _pending.count = getattr(_pending, "count", 0) + 1
        transaction.on_commit(_bump_after_commit, robust=True)


_pending = threading.local()


def _bump_after_commit() -> None:
    # A rolled-back transaction leaves its count behind: the next commit bumps once more.
    if getattr(_pending, "count", 0):
        _pending.count = 0
        _bump()
