from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe
from django_tasks_db.models import DBTaskResult

from stopalprs.emails.outbox import outbox_dir, read_outbox


@require_safe
def healthz(request: HttpRequest) -> HttpResponse:
    """The process is alive (for load balancers); says nothing about its dependencies."""
    return HttpResponse("ok\n", content_type="text/plain")


@require_safe
def readyz(request: HttpRequest) -> HttpResponse:
    """Ready for traffic: the database answers, the cache answers, and the task queue is not
    lagging (an email waiting longer than READY_QUEUE_LAG_SECONDS means the workers are
    stuck or gone). 503 with the reason otherwise, for load balancers and monitoring."""
    problems = []
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        problems.append("database")
    try:
        cache.set("readyz", "1", 5)
        if cache.get("readyz") != "1":
            problems.append("cache")
    except Exception:  # any cache backend failure means not ready
        problems.append("cache")
    if "database" not in problems:
        lag = timezone.now() - timedelta(seconds=settings.READY_QUEUE_LAG_SECONDS)
        if DBTaskResult.objects.ready().filter(enqueued_at__lt=lag).exists():
            problems.append("task queue lagging")
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
