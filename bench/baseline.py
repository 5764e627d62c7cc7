"""The raw baseline: the least a web app could do per request, under the same gunicorn.

GET answers a small static page (with a form token, so the load generator behaves exactly as
it does against the real site); POST inserts one row into the same database and answers 303.
Figures for the real site are printed as ratios to this.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import parse_qs, urlsplit

DATABASE_URL = os.environ["DATABASE_URL"]
PAGE = (
    b'<!doctype html><html><body><form method="post">'
    b'<input type="hidden" name="csrfmiddlewaretoken" value="baseline-token-0123456789">'
    b"</form></body></html>"
)
JSON = b'{"slug": "baseline", "signature_count": 0}'

_local: dict[int, Any] = {}


def _connection() -> Any:
    pid = os.getpid()
    if pid not in _local:
        url = urlsplit(DATABASE_URL)
        if url.scheme == "sqlite":
            conn = sqlite3.connect(url.path, timeout=20, isolation_level=None)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
            conn.execute("CREATE TABLE IF NOT EXISTS bench_row (id INTEGER PRIMARY KEY, body TEXT)")
        else:
            import psycopg

            conn = psycopg.connect(DATABASE_URL, autocommit=True)
            # Another worker may create it at the same moment (PostgreSQL's known race).
            with contextlib.suppress(psycopg.errors.UniqueViolation):
                conn.execute(
                    "CREATE TABLE IF NOT EXISTS bench_row (id SERIAL PRIMARY KEY, body TEXT)"
                )
        _local[pid] = conn
    return _local[pid]


def app(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
    if environ["REQUEST_METHOD"] == "POST":
        size = int(environ.get("CONTENT_LENGTH") or 0)
        body = environ["wsgi.input"].read(size).decode()
        email = parse_qs(body).get("email", [""])[0]
        conn = _connection()
        placeholder = "?" if isinstance(conn, sqlite3.Connection) else "%s"
        conn.execute(f"INSERT INTO bench_row (body) VALUES ({placeholder})", (email,))  # noqa: S608
        start_response("303 See Other", [("Location", "/thanks/"), ("Content-Length", "0")])
        return [b""]
    payload, kind = (
        (JSON, "application/json")
        if environ["PATH_INFO"].endswith(".json")
        else (PAGE, "text/html")
    )
    start_response("200 OK", [("Content-Type", kind), ("Content-Length", str(len(payload)))])
    return [payload]
