"""The whole petition flow through a real SMTP server, as a signer lives it."""

from __future__ import annotations

import pytest

from stopalprs.signatures.tests.helpers import confirm_path

pytestmark = pytest.mark.django_db


def count(client) -> int:
    return client.get("/c/stop-alprs.json").json()["signature_count"]


def test_sign_confirm_and_count(
    client, campaign, alice, smtp_server, tasks, django_capture_on_commit_callbacks
):
    home = client.get("/").content.decode()
    assert 'action="/c/stop-alprs/"' in home
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/c/stop-alprs/", {**alice, "send_updates": "on"})
    assert response["Location"] == "/c/stop-alprs/thanks/?zip=94110&state=CA&district=CA-11"
    assert smtp_server.messages == []
    tasks()
    [message] = smtp_server.messages
    link = confirm_path(message.get_body(("plain",)).get_content())

    client.get(link)
    client.get(link)
    assert count(client) == 0  # opening the link (twice) changes nothing

    assert client.post(link).status_code == 302
    assert count(client) == 1
    assert client.post(link).status_code == 302
    assert count(client) == 1  # confirming again does not count twice

    # A second signature with the same address: same reply, and the owner hears about it.
    with django_capture_on_commit_callbacks(execute=True):
        again = client.post("/c/stop-alprs/", {**alice, "first_name": "Someone"})
    assert again["Location"] == response["Location"]
    tasks()
    assert len(smtp_server.messages) == 2
    assert "already signed" in smtp_server.messages[1]["Subject"]
    assert count(client) == 1


def test_after_the_whole_flow_no_table_holds_personal_data_in_clear(
    client, campaign, alice, smtp_server, tasks, django_capture_on_commit_callbacks
):
    """What a stolen database dump would show: every table, every column, as text."""
    from django.db import connection

    # Names no reference table (thousands of legislators) could contain by chance.
    signer = {
        **alice,
        "first_name": "Zorbalina",
        "last_name": "Quixotefield",
        "email": "zq-8472@example.org",
        "comment": "Plate readers on Mission Street",
    }
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/c/stop-alprs/", signer, REMOTE_ADDR="198.51.100.23")
    tasks()
    link = confirm_path(smtp_server.messages[0].get_body(("plain",)).get_content())
    client.post(link)
    with connection.cursor() as cursor:
        dump = []
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            dump.append(repr(cursor.fetchall()))
    text = "\n".join(dump).lower()
    for secret in ("zorbalina", "quixotefield", "zq-8472", "mission street", "198.51.100.23"):
        assert secret not in text, secret
