"""The data version: tokens in the shared cache that change on every write of domain data.

Pages that keep derived figures in the cache (the cockpit, the report-quality line) key them
on `data_version()`, so a write shows on the next view without each page having to know which
tables its figures come from. Every audited write passes through `core.audit.record_event`,
which calls `data_version_bump()`; derived rows written without an audit event (the kept
status suggestions, the scale generator) call it themselves.

Two tokens: one for every write, one for the decided statuses alone (认定状态, the office's most
frequent write while it reviews a period). `data_version()` joins both; a reader that never
reads a decided status asks `data_version(decisions=False)` and keeps its figures while the
office decides.

Each bump happens twice: at once, so a read later in the same transaction (and a test, which
never commits) sees a fresh token, and again after the commit. The second one keeps figures
correct across processes: a reader that took the token while the write was still uncommitted
may have cached the old figures under it, and nobody reads that token again.

Random tokens rather than counters: when the cache drops a key (a flush, an eviction), the
next token is new, never one an older entry was stored under.
"""

import secrets
import threading

from django.core.cache import cache
from django.db import transaction

DATA_VERSION_KEY = "duban:data-version"
DECISIONS_VERSION_KEY = "duban:data-version:decisions"


def _new_token() -> str:
    return secrets.token_hex(8)


def data_version(*, decisions: bool = True) -> str:
    """The current version: one cache read (a new token for a key the cache has not got).
    `decisions=False`: a version that writes of decided statuses alone do not change."""
    keys = [DATA_VERSION_KEY, DECISIONS_VERSION_KEY] if decisions else [DATA_VERSION_KEY]
    found = cache.get_many(keys)
    tokens = []
    for key in keys:
        token = found.get(key)
        if token is None:
            cache.add(key, _new_token(), None)
            # Another process may have added its own between the two calls: take the stored one.
            token = cache.get(key) or _new_token()
        tokens.append(token)
    return "-".join(tokens)


def _bump(key: str) -> None:
    cache.set(key, _new_token(), None)


def data_version_bump(*, decisions_only: bool = False) -> None:
    """Mark domain data as changed (`decisions_only`: only decided statuses), now and again
    after the current transaction commits (at once when there is none)."""
    key = DECISIONS_VERSION_KEY if decisions_only else DATA_VERSION_KEY
    _bump(key)
    if transaction.get_connection().in_atomic_block:
        # Many writes in one transaction (an import records an event per row) register many
        # callbacks; the first one after the commit bumps, the others find nothing pending.
        # Per thread: a transaction belongs to its thread's connection.
        pending: set[str] = getattr(_pending, "keys", set())
        pending.add(key)
        _pending.keys = pending
        transaction.on_commit(_bump_after_commit, robust=True)


_pending = threading.local()


def _bump_after_commit() -> None:
    # A rolled-back transaction leaves its keys behind: the next commit bumps them once more.
    pending: set[str] = getattr(_pending, "keys", set())
    _pending.keys = set()
    for key in sorted(pending):
        _bump(key)
