"""The SQLite backend's wait for the write lock (stopalprs.lib.fastpath.sqlite)."""

from __future__ import annotations

import sqlite3
import threading
import time

import pytest
from django.db import OperationalError
from django.db.utils import ConnectionHandler

from stopalprs.lib.fastpath.sqlite.base import DatabaseWrapper


def test_a_writer_waits_for_the_lock_and_gives_up_only_at_its_timeout(tmp_path, django_db_blocker):
    path = tmp_path / "db.sqlite3"
    holder = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    holder.execute("PRAGMA journal_mode=WAL")
    holder.execute("CREATE TABLE t (x)")
    handler = ConnectionHandler(
        {
            "default": {
                "ENGINE": "stopalprs.lib.fastpath.sqlite",
                "NAME": str(path),
                "OPTIONS": {"transaction_mode": "IMMEDIATE", "timeout": 1},
            }
        }
    )
    conn: DatabaseWrapper = handler["default"]  # type: ignore[assignment]
    with django_db_blocker.unblock():  # a database of its own, not the test database
        conn.ensure_connection()
    try:
        # Another process holds the write lock for a moment: the transaction starts once it
        # is free, with no error.
        holder.execute("BEGIN IMMEDIATE")
        threading.Timer(0.1, lambda: holder.execute("COMMIT")).start()
        started = time.monotonic()
        conn._start_transaction_under_autocommit()
        assert time.monotonic() - started >= 0.09  # it did wait for the holder
        conn.connection.execute("INSERT INTO t VALUES (1)")
        conn.connection.execute("COMMIT")
        # SQLite's own busy timeout is back for statements outside transactions.
        assert conn.connection.execute("PRAGMA busy_timeout").fetchone()[0] == 1000
        # Held past the timeout: Django's OperationalError, as with Django's own backend.
        holder.execute("BEGIN IMMEDIATE")
        with pytest.raises(OperationalError, match="locked"):
            conn._start_transaction_under_autocommit()
        holder.execute("ROLLBACK")
    finally:
        conn.close()
        holder.close()
    assert sqlite3.connect(path).execute("SELECT count(*) FROM t").fetchone()[0] == 1
