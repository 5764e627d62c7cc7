"""No link token and no client address in any log: Django's, the dev server's, gunicorn's."""

from __future__ import annotations

import contextlib
import io
import logging
import socket
import urllib.request

import pytest

from conftest import free_port
from stopalprs.ops.redaction import redact, token_routes

SECRET = "S3CRETt0kenVALUE"
LANGUAGES = ["", "/es"]


def test_every_emailed_link_route_is_on_the_list():
    routes = set(token_routes())
    assert {
        "/confirm/",
        "/privacy/manage/",
        "/organize/confirm/",
        "/watch/follow/",
        "/watch/records/t/",
        "/unsubscribe/",
    } <= routes


@pytest.mark.parametrize("prefix", LANGUAGES)
def test_it_redacts_each_route_in_each_language_and_keeps_the_rest(prefix):
    for route in token_routes():
        text = f"Forbidden (CSRF cookie not set.): {prefix}{route}{SECRET}:x:y/?a=1"
        clean = redact(text)
        assert SECRET not in clean and f"{prefix}{route}…/" in clean
    assert redact("GET /c/stop-alprs/ 200") == "GET /c/stop-alprs/ 200"
    assert redact("from ip=203.0.113.9: bad") == "from ip=[address]: bad"
    assert redact("peer 2001:db8::1 gone") == "peer [address] gone"
    assert redact("at 12:30:00 in v1.2.3") == "at 12:30:00 in v1.2.3"


@pytest.mark.django_db
def test_every_token_route_leaves_no_token_in_djangos_logs(client, settings):
    # The handler that settings.LOGGING configures, with its filter, written to a buffer.
    (handler,) = [h for h in logging.getLogger().handlers if h.filters]
    buffer = io.StringIO()
    old = handler.setStream(buffer)  # type: ignore[attr-defined]
    logging.getLogger("django.request").setLevel(logging.WARNING)
    try:
        for prefix in LANGUAGES:
            for route in token_routes():
                url = f"{prefix}{route}{SECRET}/"
                client.get(url)
                client.post(url, headers={"Origin": "https://evil.example"})
                client.post(url, REMOTE_ADDR="198.51.100.7")
                logging.getLogger("django.security.csrf").warning("Forbidden: %s", url)
    finally:
        handler.setStream(old)  # type: ignore[attr-defined]
        logging.getLogger("django.request").setLevel(logging.ERROR)
    output = buffer.getvalue()
    assert "Forbidden" in output  # the logs were written, and read here
    assert SECRET not in output and "198.51.100.7" not in output


@pytest.mark.fault
def test_make_serve_logs_no_token_and_no_client_address(tmp_path):
    from stopalprs.ops.tests.test_faults import OPENER, production_env, running_server

    port = free_port()
    env = {**production_env(tmp_path, port), "LOG_LEVEL": "INFO"}
    with running_server(tmp_path, env) as (base, _server):
        for prefix in LANGUAGES:
            for route in token_routes():
                for data in (None, b"x=1"):
                    request = urllib.request.Request(f"{base}{prefix}{route}{SECRET}/", data=data)
                    with contextlib.suppress(OSError):
                        OPENER.open(request, timeout=10).read()
        # An invalid request line, printed by gunicorn's error log as the client sent it.
        with socket.create_connection(("127.0.0.1", port), timeout=10) as raw:
            raw.sendall(f"GET /confirm/{SECRET}/ HTTP/1.1 junk\r\n\r\n".encode())
            raw.recv(1024)
    log = (tmp_path / "server.log").read_text()
    assert "GET /confirm/…/" in log  # the access log was written, with the route kept
    assert SECRET not in log
    assert "Invalid request from ip=[address]" in log
    assert "ip=127.0.0.1" not in log
