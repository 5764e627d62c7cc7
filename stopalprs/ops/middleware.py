from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache

from django.conf import settings
from django.contrib.messages.middleware import MessageMiddleware
from django.contrib.messages.storage import default_storage
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.functional import SimpleLazyObject, empty

from stopalprs.ops.redaction import token_routes

# Nothing on this site needs a camera, a microphone or a location: say so, so that no
# injected script could ask for them either.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "camera",
        "microphone",
        "geolocation",
        "payment",
        "usb",
        "interest-cohort",
        "browsing-topics",
        "accelerometer",
        "gyroscope",
        "magnetometer",
    )
)


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


# Whole sections that show personal data (staff's tools and exports, the API, the development
# outbox), under any language prefix.
PRIVATE_SECTIONS = ("staff/", "api/", "dev/")


@cache
def _private_path() -> re.Pattern[str]:
    languages = "|".join(re.escape(code) for code, _ in settings.LANGUAGES)
    places = [re.escape(s) for s in PRIVATE_SECTIONS]
    places += [re.escape(route.lstrip("/")) for route in token_routes()]
    return re.compile(rf"/(?:(?:{languages})/)?(?:{'|'.join(places)})")


class PrivatePagesMiddleware:
    """``Cache-Control: private, no-store`` on every reply that may show personal data, so no
    browser, proxy or shared computer keeps a copy: staff pages, the API, every page opened
    from an emailed link (the routes that take a token, as ops/redaction finds them), and
    every reply to a form sent (a form shown again holds what the person typed)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.method not in ("GET", "HEAD") or _private_path().match(request.path_info):
            response["Cache-Control"] = "private, no-store"
        return response
