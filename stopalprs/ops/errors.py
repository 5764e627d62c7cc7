"""What a visitor sees when something on our side fails: never a traceback."""

from __future__ import annotations

import sys

from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template import loader
from django.views.defaults import page_not_found

RETRY_AFTER_SECONDS = 30


def _is_api(request: HttpRequest) -> bool:
    # /api/v1/… and /es/api/v1/…: API clients get the API's one error shape, never HTML.
    return request.path.startswith("/api/") or request.path[3:].startswith("/api/")


def _api_error(status: int, code: str, message: str) -> JsonResponse:
    return JsonResponse({"error": {"code": code, "message": message}}, status=status)


def not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """handler404: the styled page, or the API's error shape under /api/."""
    if _is_api(request):
        return _api_error(404, "not_found", "There is nothing at this address.")
    return page_not_found(request, exception)


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500. A database that is down, restarting or full is an outage to wait out, not
    a bug: answer 503 with Retry-After, so people (and load balancers) try again. Nothing
    half-saved is acknowledged: the signature's transaction rolled back before we got here.
    """
    error = sys.exc_info()[1]
    # A plain DatabaseError (not one of its subclasses, which are our bugs: integrity,
    # programming, data) is the database itself failing: a corrupt or unreadable file, a
    # full disk.
    unavailable = isinstance(error, OperationalError | InterfaceError) or (
        type(error) is DatabaseError
    )
    if _is_api(request):
        if unavailable:
            response = _api_error(503, "unavailable", "Try again in a little while.")
            response["Retry-After"] = str(RETRY_AFTER_SECONDS)
            return response
        return _api_error(500, "server_error", "Something went wrong on our side.")
    if unavailable:
        # Rendered without context processors or the database: it must work while it's down.
        body = loader.get_template("503.html").render({})
        page = HttpResponse(body, status=503)
        page["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return page
    return HttpResponse(loader.get_template("500.html").render({}), status=500)
