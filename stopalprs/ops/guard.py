"""Requests refused before Django builds them, because building them would fail."""

from __future__ import annotations

import codecs
import json
from collections.abc import Callable, Iterable
from typing import Any

from django.utils.http import parse_header_parameters

StartResponse = Callable[..., Any]
WSGIApp = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]


def text_charset(content_type: str) -> bool:
    """False for a Content-Type whose charset is no text encoding ("base64", "zlib"):
    Python knows those codecs, so Django accepts the name, then fails decoding the query
    string with it, inside the request's constructor, before any of our code can answer."""
    _, params = parse_header_parameters(content_type)
    charset = params.get("charset")
    if not charset:
        return True
    try:
        return codecs.lookup(charset)._is_text_encoding  # type: ignore[attr-defined]
    except LookupError:
        return True  # an unknown name: Django ignores it and uses UTF-8


class CharsetGuard:
    """A clear 400 (JSON under /api/) instead of the server's bare 500."""

    def __init__(self, app: WSGIApp) -> None:
        self.app = app

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        if text_charset(environ.get("CONTENT_TYPE", "")):
            return self.app(environ, start_response)
        message = "The Content-Type names a charset that is not a text encoding."
        if "/api/" in environ.get("PATH_INFO", ""):
            body = json.dumps({"error": {"code": "bad_request", "message": message}}).encode()
            kind = "application/json"
        else:
            body, kind = f"Bad request: {message}\n".encode(), "text/plain; charset=utf-8"
        start_response(
            "400 Bad Request", [("Content-Type", kind), ("Content-Length", str(len(body)))]
        )
        return [body]
