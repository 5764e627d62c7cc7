"""What a visitor sees when something on our side fails: never a traceback."""

from __future__ import annotations

import sys

from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template import loader

RETRY_AFTER_SECONDS = 30


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500. A database that is down, restarting or full is an outage to wait out, not
    a bug: answer 503 with Retry-After, so people (and load balancers) try again. Nothing
    half-saved is acknowledged: the signature's transaction rolled back before we got here.
    """
    error = sys.exc_info()[1]
    unavailable = isinstance(error, OperationalError | InterfaceError) or (
        isinstance(error, DatabaseError) and "full" in str(error).lower()
    )
    if unavailable:
        # Rendered without context processors or the database: it must work while it's down.
        body = loader.get_template("503.html").render({})
        response = HttpResponse(body, status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return HttpResponse(loader.get_template("500.html").render({}), status=500)
