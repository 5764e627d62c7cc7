from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from stopalprs.emails.outbox import outbox_dir, read_outbox
from stopalprs.ops import readiness


@require_safe
def healthz(request: HttpRequest) -> HttpResponse:
    """The process is alive (for load balancers); says nothing about its dependencies."""
    return HttpResponse("ok\n", content_type="text/plain")


@require_safe
def readyz(request: HttpRequest) -> HttpResponse:
    """Ready for traffic: the database reads and takes a write now, the disk has room, the
    caches answer and the task queue is not lagging (see ops/readiness.py). 503 with the
    reasons otherwise, for load balancers and monitoring."""
    problems = readiness.problems()
    body = "ok\n" if not problems else "not ready: " + ", ".join(problems) + "\n"
    response = HttpResponse(body, content_type="text/plain", status=503 if problems else 200)
    response["Cache-Control"] = "no-store"
    return response


@require_safe
def dev_outbox(request: HttpRequest) -> HttpResponse:
    """Emails written by the development outbox, newest first. DEBUG only."""
    if not settings.DEBUG or outbox_dir() is None:
        raise Http404
    messages = []
    for message in read_outbox():
        body = message.get_body(preferencelist=("plain",))
        messages.append(
            {
                "subject": message["Subject"],
                "to": message["To"],
                "date": message["Date"],
                "text": body.get_content() if body else "",  # type: ignore[attr-defined]
            }
        )
    return render(request, "ops/outbox.html", {"messages": messages})
