"""What an attacker can send gets a clear 4xx, never a bare 500; API errors keep one shape."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path
from wsgiref.util import setup_testing_defaults

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.signals import request_finished, request_started
from django.db import DatabaseError, IntegrityError, close_old_connections
from django.test import RequestFactory

from conftest import free_port, manage_process, prepare_process_db
from stopalprs.api.services import create_token
from stopalprs.signatures.models import Signature

pytestmark = pytest.mark.django_db


def call_site(path: str, query: str, content_type: str) -> tuple[str, dict[str, str], bytes]:
    from stopalprs.wsgi import application  # the application gunicorn serves

    environ: dict = {"PATH_INFO": path, "QUERY_STRING": query, "CONTENT_TYPE": content_type}
    setup_testing_defaults(environ)
    environ["wsgi.input"], environ["wsgi.errors"] = io.BytesIO(), io.StringIO()
    seen: dict = {}

    def start_response(status, headers, exc_info=None):  # type: ignore[no-untyped-def]
        seen["status"], seen["headers"] = status, dict(headers)

    # As Django's test client does: the request must not close the test's database
    # connection, which holds the test's transaction (PostgreSQL closes it otherwise).
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        body = b"".join(application(environ, start_response))
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    return seen["status"], seen["headers"], body


@pytest.mark.parametrize("charset", ["base64", "zlib", "bz2", "hex", "rot13"])
def test_a_charset_that_is_no_text_encoding_gets_a_400(campaign, charset):
    status, headers, body = call_site("/c/stop-alprs/", "a=1", f"text/plain; charset={charset}")
    assert status.startswith("400") and b"charset" in body
    status, headers, body = call_site("/api/v1/", "a=1", f"text/plain; charset={charset}")
    assert status.startswith("400") and headers["Content-Type"] == "application/json"
    assert json.loads(body)["error"]["code"] == "bad_request"


def test_ordinary_and_unknown_charsets_pass(campaign):
    for content_type in ("text/plain; charset=utf-8", "text/plain; charset=nonsense", ""):
        status, _, _ = call_site("/c/stop-alprs/", "a=1", content_type)
        assert status.startswith("200")


def test_an_api_signature_that_is_not_text_gets_a_422(client, campaign):
    secret = create_token(actor=AnonymousUser(), name="t", scopes=["write_signatures"])[1]
    body = (
        '{"person": {"given_name": "\\ud800", "family_name": "B",'
        ' "email_addresses": [{"address": "a@example.org"}],'
        ' "postal_addresses": [{"postal_code": "94110"}]}}'
    )
    response = client.post(
        "/api/v1/petitions/stop-alprs/signatures",
        body,
        content_type="application/json",
        HTTP_OSDI_API_TOKEN=secret,
    )
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "invalid" and "valid Unicode" in json.dumps(error)
    assert not Signature.objects.exists()


def _handled(error: Exception, path: str):
    from stopalprs.ops.errors import server_error

    request = RequestFactory().get(path)
    try:
        raise error
    except Exception:
        assert sys.exc_info()[1] is error
        return server_error(request)


def test_a_broken_database_file_is_an_outage_not_a_bug():
    response = _handled(DatabaseError("file is not a database"), "/c/stop-alprs/")
    assert response.status_code == 503 and response["Retry-After"] == "30"
    assert _handled(IntegrityError("dup"), "/c/stop-alprs/").status_code == 500


@pytest.mark.parametrize("path", ["/api/v1/petitions", "/es/api/v1/petitions"])
def test_api_errors_are_always_the_json_error_shape(client, path):
    unavailable = _handled(DatabaseError("file is not a database"), path)
    assert unavailable.status_code == 503 and unavailable["Retry-After"] == "30"
    assert json.loads(unavailable.content)["error"]["code"] == "unavailable"
    broken = _handled(RuntimeError("bug"), path)
    assert broken.status_code == 500
    assert json.loads(broken.content)["error"]["code"] == "server_error"
    missing = client.get("/api/v1/no-such-thing/")
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "not_found"


@pytest.mark.fault
def test_a_database_file_corrupted_under_a_running_site_gets_the_styled_503(tmp_path: Path):
    import time
    import urllib.error
    import urllib.request

    from stopalprs.ops.tests.test_faults import production_env

    port = free_port()
    env = production_env(tmp_path, port)  # DEBUG off: the visitor's pages, not Django's
    prepare_process_db(tmp_path, env)
    server = manage_process(
        tmp_path,
        "runserver",
        f"127.0.0.1:{port}",
        "--noreload",
        env=env,
        log=tmp_path / "server.log",
    )
    url = f"http://127.0.0.1:{port}/transparency/"  # reads the database on every request
    try:
        for _ in range(150):
            try:
                urllib.request.urlopen(url, timeout=5).read()
                break
            except OSError:
                time.sleep(0.2)
        with (tmp_path / "db.sqlite3").open("r+b") as f:  # clobber the header and more
            f.write(b"this is not a database " * 400)
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(url, timeout=10)
        assert refused.value.code == 503, (tmp_path / "server.log").read_text()[-2000:]
        assert refused.value.headers["Retry-After"] == "30"
    finally:
        server.terminate()
        server.wait(timeout=10)
