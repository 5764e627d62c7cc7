"""Small HTTP helpers shared by views."""

from __future__ import annotations

from urllib.parse import urljoin

from django.conf import settings
from django.http import HttpRequest


def absolute_url(path: str) -> str:
    """``path`` on the public site, for emails and share links (never the request's Host)."""
    return urljoin(settings.SITE_URL.rstrip("/") + "/", path.lstrip("/"))


def client_ip(request: HttpRequest) -> str:
    """The visitor's address: the socket peer, or what a trusted proxy says it saw.

    ``X-Forwarded-For`` is believed only when the peer is one of ``TRUSTED_PROXIES``; then the
    rightmost address that is not itself a trusted proxy is the client (anything to its left
    was written by the client and could be forged).
    """
    peer = request.META.get("REMOTE_ADDR", "")
    trusted = set(settings.TRUSTED_PROXIES)
    if peer not in trusted:
        return peer
    forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    for address in reversed([a for a in forwarded if a]):
        if address not in trusted:
            return address
    return peer
