"""What never reaches a log: the secret token of an emailed link, and a client's address.

One list of token-bearing routes, derived from the URL patterns themselves (every route whose
pattern takes a ``<str:token>``, in every language prefix), so a new capability link is
redacted without anyone remembering to add it. ``RedactFilter`` applies it, with the address
check, to every record of every logger: Django's (a CSRF refusal or a 404 logs its path),
the development server's, and gunicorn's error log (an invalid request line is printed as
the client sent it, after "Invalid request from ip=…").
"""

from __future__ import annotations

import ipaddress
import logging
import re
from functools import cache

from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver

# Candidates only: each is checked with ipaddress before it is hidden, so "12:30:00" or a
# version number stays as it is.
_ADDRESS = re.compile(
    r"(?<![\w.:])[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}(?![\w:])"  # IPv6
    r"|(?<![\w.])\d{1,3}(?:\.\d{1,3}){3}(?!\w|\.\d)"  # IPv4: a port or a colon may follow
)
HIDDEN_ADDRESS = "[address]"


def token_routes() -> list[str]:
    """The path prefixes, without language, whose next segment is a secret token."""
    found: set[str] = set()

    def walk(patterns: list[URLPattern | URLResolver], prefix: str) -> None:
        for entry in patterns:
            route = prefix + str(entry.pattern)
            if isinstance(entry, URLResolver):
                walk(entry.url_patterns, route)
            elif "<str:token>" in route:
                found.add("/" + route.split("<str:token>")[0].lstrip("^/"))

    walk(get_resolver().url_patterns, "")
    return sorted(found)


@cache
def _token_pattern() -> re.Pattern[str]:
    languages = "|".join(re.escape(code) for code, _ in settings.LANGUAGES)
    # Longest first, so /organize/confirm/ wins over /confirm/ inside it.
    routes = "|".join(re.escape(r.lstrip("/")) for r in sorted(token_routes(), key=len)[::-1])
    return re.compile(rf"(/(?:(?:{languages})/)?(?:{routes}))[^/\s?#'\"<>]+")


def redact_tokens(text: str) -> str:
    return _token_pattern().sub(r"\1…", text)


def _hide_address(match: re.Match[str]) -> str:
    try:
        ipaddress.ip_address(match.group(0))
    except ValueError:
        return match.group(0)
    return HIDDEN_ADDRESS


def redact(text: str) -> str:
    """``text`` without link tokens and without IP addresses."""
    return _ADDRESS.sub(_hide_address, redact_tokens(text))


class RedactFilter(logging.Filter):
    """Rewrites every record's message through ``redact``; drops nothing."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a malformed record: let logging report it as it would
            return True
        clean = redact(message)
        if clean != message:
            record.msg, record.args = clean, ()
        return True
