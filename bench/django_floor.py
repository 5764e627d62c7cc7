"""Django's floor: the least a Django view can do per signature, under the same gunicorn.

The same work as the raw baseline (bench/baseline.py): POST inserts one row into the same
database and answers 303. But it is done the Django way — its WSGI handler, request object,
URL resolver, form parsing, database wrapper and redirect — with no middleware, no app, no
form class, no model and nothing of stopalprs. No sign path built on Django can beat it, so
its ratio to the baseline is the most any such path could reach on this machine.
"""

from __future__ import annotations

import contextlib
import os

import dj_database_url
from django.conf import settings

_database = dj_database_url.parse(os.environ["DATABASE_URL"], conn_max_age=None)
if _database["ENGINE"] == "django.db.backends.sqlite3":
    # As the baseline's connection and the site's: WAL, NORMAL sync, a writer queues.
    _database["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "timeout": 20,
    }
settings.configure(
    DEBUG=False,
    SECRET_KEY="django-floor-bench-only-" + "x" * 32,
    ALLOWED_HOSTS=["127.0.0.1"],
    ROOT_URLCONF=__name__,
    MIDDLEWARE=[],
    INSTALLED_APPS=[],
    DATABASES={"default": _database},
    USE_I18N=False,
)

import django  # noqa: E402

django.setup()

from django.core.wsgi import get_wsgi_application  # noqa: E402
from django.db import IntegrityError, connection  # noqa: E402
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect  # noqa: E402
from django.urls import path  # noqa: E402

_ready: set[int] = set()


def _table() -> None:
    if os.getpid() in _ready:
        return
    key = "INTEGER PRIMARY KEY" if connection.vendor == "sqlite" else "SERIAL PRIMARY KEY"
    # The baseline's table; another worker may create it at the same moment on PostgreSQL.
    with connection.cursor() as cursor, contextlib.suppress(IntegrityError):
        cursor.execute(f"CREATE TABLE IF NOT EXISTS bench_row (id {key}, body TEXT)")
    _ready.add(os.getpid())


def view(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        _table()
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO bench_row (body) VALUES (%s)", [request.POST.get("email")])
        return HttpResponseRedirect("/thanks/")
    return HttpResponse(b"floor")


urlpatterns = [path("", view)]
application = get_wsgi_application()
