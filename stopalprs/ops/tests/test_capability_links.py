"""Every page reached by an emailed token link works without cookies and refuses other sites."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, get_resolver


def token_patterns(resolver: URLResolver | None = None) -> list[URLPattern]:
    found = []
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            found += token_patterns(entry)
        elif "<str:token>" in str(entry.pattern):
            found.append(entry)
    return found


def test_it_finds_every_token_route():
    names = {p.name for p in token_patterns()}
    assert {"confirm", "manage", "tracker", "follow", "unsubscribe"} <= names


def test_every_token_route_is_cookie_free_and_refuses_other_sites():
    for pattern in token_patterns():
        view = pattern.callback
        assert getattr(view, "csrf_exempt", False), pattern
        if pattern.name != "unsubscribe":  # RFC 8058: mail servers post it from anywhere
            assert getattr(view, "capability_view", False), pattern
