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
    assert response["Location"] == "/c/stop-alprs/thanks/"
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
