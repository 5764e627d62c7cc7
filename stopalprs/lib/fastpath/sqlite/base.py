"""Django's SQLite backend, waiting for the write lock in short steps.

SQLite has one writer at a time. When a transaction finds the lock taken, SQLite's own busy
handler sleeps 1, 2, 5, 10, 15, 20, 25… ms between tries, while a signature's transaction holds
the lock for about a millisecond: under a signing storm, writers slept through most of the
moments the lock was free. Here the wait for ``BEGIN IMMEDIATE`` polls every 0.1 to 2 ms instead
(with jitter, so waiting processes do not retry in step), up to the configured timeout.
Statements outside a transaction keep SQLite's own busy timeout.

Fenced: ``_start_transaction_under_autocommit`` is Django's private method, the one its
``atomic()`` calls to begin; ops/tests/test_fastpath.py checks that it still is.
"""

from __future__ import annotations

import random
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db.backends.sqlite3 import base

# The private method replaced below: if a Django upgrade renames it, fail at start-up rather
# than quietly fall back to SQLite's long sleeps.
if not hasattr(base.DatabaseWrapper, "_start_transaction_under_autocommit"):
    raise ImportError("Django no longer has _start_transaction_under_autocommit: see fastpath")

FIRST_WAIT = 0.0001
LONGEST_WAIT = 0.002


class DatabaseWrapper(base.DatabaseWrapper):
    # Set by waiting_at_most(): a caller that must answer soon (/readyz) waits less.
    _wait_limit: float | None = None

    @contextmanager
    def waiting_at_most(self, seconds: float) -> Iterator[None]:
        """Transactions begun inside wait at most ``seconds`` for the write lock."""
        self._wait_limit = seconds
        try:
            yield
        finally:
            self._wait_limit = None

    def _start_transaction_under_autocommit(self) -> None:
        mode = getattr(self, "transaction_mode", None)  # Django's; not in the type stubs
        if mode is None:
            super()._start_transaction_under_autocommit()  # type: ignore[misc]
            return
        usual = float(self.settings_dict["OPTIONS"].get("timeout", 5))
        timeout = usual if self._wait_limit is None else min(usual, self._wait_limit)
        deadline = time.monotonic() + timeout
        cursor: Any = self.connection.cursor()
        # Errors surface as Django's (django.db.OperationalError), as from Django's own BEGIN.
        with self.wrap_database_errors:
            self._begin(cursor, mode, usual, deadline)

    def _begin(self, cursor: Any, mode: str, usual: float, deadline: float) -> None:
        wait = FIRST_WAIT
        cursor.execute("PRAGMA busy_timeout = 0")
        try:
            while True:
                try:
                    cursor.execute(f"BEGIN {mode}")
                    return
                except sqlite3.OperationalError as error:
                    if "locked" not in str(error) or time.monotonic() > deadline:
                        raise
                time.sleep(wait * (0.5 + random.random()))  # noqa: S311 - jitter, not secrets
                wait = min(wait * 2, LONGEST_WAIT)
        finally:
            cursor.execute(f"PRAGMA busy_timeout = {int(usual * 1000)}")
