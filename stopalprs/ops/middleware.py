from __future__ import annotations

import hashlib
from collections.abc import Callable

from django.contrib.messages.middleware import MessageMiddleware
from django.contrib.messages.storage import default_storage
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils.functional import SimpleLazyObject, empty

# Nothing on this site needs a camera, a microphone or a location: say so, so that no
# injected script could ask for them either.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "camera", "microphone", "geolocation", "payment", "usb", "interest-cohort",
        "browsing-topics", "accelerometer", "gyroscope", "magnetometer",
    )
)  # fmt: skip


class PermissionsPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response


class LazyMessageMiddleware(MessageMiddleware):
    """Django's message middleware, with the message store built only when something uses
    it. Public pages never do, and building it (a cookie store, a session store, a signer)
    on every request was 5% of the CPU a signature costs."""

    def process_request(self, request: HttpRequest) -> None:
        request._messages = SimpleLazyObject(lambda: default_storage(request))  # type: ignore[attr-defined]

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        store = getattr(request, "_messages", None)
        if isinstance(store, SimpleLazyObject) and store._wrapped is empty:
            return response  # never read nor added to: nothing to store or clear
        return super().process_response(request, response)


class BodySizeLimitMiddleware:
    """Refuse an oversized request body before anything reads it: a clear 413, not a 400
    from deep inside form parsing (the limit is MAX_BODY_BYTES)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from django.conf import settings
        from django.shortcuts import render

        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        # Staff upload whole exports from other tools; the public never needs more than a
        # form's worth.
        limit = (
            settings.STAFF_UPLOAD_MAX_BYTES
            if request.path_info.startswith("/staff/")
            else settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        )
        if length > limit:
            return render(request, "413.html", status=413)
        return self.get_response(request)


# One second: at a thousand requests a second that is still a thousand served from here, and
# stacked on the view's page cache and the count cache it keeps a shown count within 5 s.
EDGE_SECONDS = 1


class PublicPageCacheMiddleware:
    """Serve again, exactly as they left, the responses our views marked public (the campaign
    page and its open data, see ``lib.http.public_cacheable``), for a second, before any
    other middleware runs: what a CDN in front would do, for a site that has none.

    The views already cache their own output; this skips the rest of the stack (sessions,
    authentication, CSRF, language, security headers), which cost most of a cached page's
    time. Only for GET requests that carry no cookie — a visitor with a session is served by
    the full stack — and keyed by everything such a response may vary on: host, scheme, path
    with query, and the Accept-Language header. Nothing is stored that sets a cookie or is not
    marked public.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from django.conf import settings

        if (
            request.method != "GET"
            or request.META.get("HTTP_COOKIE")
            or request.path_info.startswith(settings.STATIC_URL)  # WhiteNoise's, streamed
        ):
            return self.get_response(request)
        key = self._key(request)
        if (stored := cache.get(key)) is not None:
            status, headers, content = stored
            response = HttpResponse(content, status=status)
            for name, value in headers:
                response[name] = value
            return response
        response = self.get_response(request)
        if _shareable(response):
            stored = (response.status_code, list(response.items()), response.content)
            cache.set(key, stored, min(EDGE_SECONDS, settings.PAGE_CACHE_SECONDS))
        return response

    @staticmethod
    def _key(request: HttpRequest) -> str:
        parts = "\n".join([
            request.scheme or "", request.get_host(), request.get_full_path(),
            request.META.get("HTTP_ACCEPT_LANGUAGE", ""),
        ])  # fmt: skip
        return "edge:" + hashlib.sha256(parts.encode()).hexdigest()


def _shareable(response: HttpResponse) -> bool:
    control = response.get("Cache-Control", "")
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and "public" in control
        and "private" not in control
        and "no-store" not in control
    )
