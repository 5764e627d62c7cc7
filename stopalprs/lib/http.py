"""Small HTTP helpers shared by views."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urljoin

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.views.decorators.csrf import csrf_exempt


def absolute_url(path: str) -> str:
    """``path`` on the public site, for emails and share links (never the request's Host).

    In a language other than the default, the link keeps it: ``/es/…`` (see ops.locale).
    """
    language = translation.get_language()
    if (
        path.startswith("/")
        and language
        and language != settings.LANGUAGE_CODE
        and not any(path == f"/{c}" or path.startswith(f"/{c}/") for c, _ in settings.LANGUAGES)
    ):
        path = f"/{language}{path}"
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


def public_cacheable(response: HttpResponse) -> HttpResponse:
    """Let browsers and a CDN keep the response briefly, and serve it stale while they
    refresh it or while we are down: counts stay fresh within seconds, pages stay up."""
    response["Cache-Control"] = (
        f"public, max-age={settings.PAGE_CACHE_SECONDS}, "
        "stale-while-revalidate=30, stale-if-error=86400"
    )
    return response


def same_origin(request: HttpRequest) -> bool:
    """False only when the browser says the request came from another site."""
    origin = request.headers.get("Origin")
    if not origin or origin == "null":
        return origin is None  # "null" is an opaque (sandboxed or privacy-redirected) origin
    allowed = {settings.SITE_URL, f"{request.scheme}://{request.get_host()}"}
    return origin.rstrip("/") in allowed


def cross_site(request: HttpRequest) -> bool:
    """True when the browser says the request was sent from another site's page."""
    return not same_origin(request) or request.headers.get("Sec-Fetch-Site") == "cross-site"


def capability_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """For a view whose URL carries a secret, signed token (confirm, manage, unsubscribe…).

    The token already proves the request is the person's, so a POST needs no CSRF cookie:
    a signer whose browser keeps no cookies can still press the button. What a cookie check
    would stop, another site's page posting to the link, is refused by the browser's own
    Origin and Sec-Fetch-Site headers instead (and the other site would need the token).
    """

    @csrf_exempt
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.method == "POST" and cross_site(request):
            return render(request, "403_csrf.html", status=403)
        return view(request, *args, **kwargs)

    wrapped.capability_view = True  # type: ignore[attr-defined] # checked by a test of the URLs
    return wrapped
