"""The edge cache: public pages answered again, for a second, before Django runs at all.

What a CDN in front would do, for a site that has none (or for what gets past it): the
campaign page and its open data, marked public by their views (``lib.http.public_cacheable``),
are kept in each web process exactly as they left it, headers and all, and the next identical
request is answered from there. Under a signing storm every signer loads the page first, and
Django's request cycle around a cached page (building the request, signals, middleware,
converting the response) cost five times what handing back stored bytes does
(docs/performance.md).

Only cookie-free GETs, keyed by everything from the request such a response can depend on:
the raw scheme, host and forwarding headers, the client address the proxy rules look at, the
path with its query, and ``Accept-Language`` (the one header our public pages vary on). A
response is kept only if it is a 200 marked ``public`` (never ``private`` or ``no-store``),
sets no cookie, varies on nothing but the language, and is not streamed. Entries are only ever
made by a request Django answered in full, so host checks and the like have run for that key.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings

# One second: at a thousand requests a second that is still a thousand served from here, and
# stacked on the view's page cache and the count cache it keeps a shown count within 5 s.
EDGE_SECONDS = 1.0
# A query string can be anything, so the cache is bounded: a stream of made-up URLs empties
# it, it never grows past this.
MOST_ENTRIES = 256
LARGEST_BODY = 512 * 1024

# What our public pages' answers may differ by, besides the path and the language.
_KEY_VARIABLES = (
    "wsgi.url_scheme",
    "HTTP_X_FORWARDED_PROTO",
    "HTTP_X_FORWARDED_HOST",
    "HTTP_HOST",
    "SERVER_NAME",
    "SERVER_PORT",
    "REMOTE_ADDR",
    "SCRIPT_NAME",
    "PATH_INFO",
    "QUERY_STRING",
    "HTTP_ACCEPT_LANGUAGE",
)

type StartResponse = Callable[..., Any]
type WSGIApp = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]


@dataclass(frozen=True, slots=True)
class _Entry:
    status: str
    headers: tuple[tuple[str, str], ...]
    body: bytes
    expires: float


class EdgeCache:
    def __init__(self, app: WSGIApp, *, skip_prefix: str = "/static/") -> None:
        self.app = app
        # WhiteNoise's files: streamed, and already served without Django's views.
        self.skip_prefix = skip_prefix
        self._entries: dict[tuple[str, ...], _Entry] = {}
        self._lock = threading.Lock()  # the development server runs threads

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        if (
            environ.get("REQUEST_METHOD") != "GET"
            or environ.get("HTTP_COOKIE")
            or environ.get("PATH_INFO", "").startswith(self.skip_prefix)
        ):
            return self.app(environ, start_response)
        key = tuple(str(environ.get(name, "")) for name in _KEY_VARIABLES)
        entry = self._entries.get(key)
        now = time.monotonic()
        if entry is not None and entry.expires > now:
            start_response(entry.status, list(entry.headers))
            return [entry.body]
        seen: list[Any] = []

        def keep_start(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            seen[:] = [status, headers]
            return start_response(status, headers, exc_info)

        result = self.app(environ, keep_start)
        # Never longer than the page itself may be kept (PAGE_CACHE_SECONDS; 0 turns it off).
        seconds = min(EDGE_SECONDS, settings.PAGE_CACHE_SECONDS)
        if seconds > 0 and seen and _shareable(seen[0], seen[1], result):
            body = result.content  # type: ignore[attr-defined]  # Django's HttpResponse
            self._keep(key, _Entry(seen[0], tuple(seen[1]), body, now + seconds))
        return result

    def _keep(self, key: tuple[str, ...], entry: _Entry) -> None:
        with self._lock:
            if len(self._entries) >= MOST_ENTRIES:
                now = time.monotonic()
                for old in [k for k, e in self._entries.items() if e.expires <= now]:
                    del self._entries[old]
                if len(self._entries) >= MOST_ENTRIES:
                    self._entries.clear()
            self._entries[key] = entry

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


def _shareable(status: str, headers: list[tuple[str, str]], result: Any) -> bool:
    if not status.startswith("200 ") or getattr(result, "streaming", True):
        return False
    if len(getattr(result, "content", b"")) > LARGEST_BODY:
        return False
    named: dict[str, str] = {}
    for name, value in headers:
        lower = name.lower()
        if lower == "set-cookie":
            return False
        named[lower] = f"{named[lower]}, {value}" if lower in named else value
    control = {part.strip().split("=")[0] for part in named.get("cache-control", "").split(",")}
    varies = {part.strip().lower() for part in named.get("vary", "").split(",") if part.strip()}
    return (
        "public" in control
        and not control & {"private", "no-store", "no-cache"}
        and varies <= {"accept-language"}
    )
