from __future__ import annotations

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_healthz_answers_ok(client):
    response = client.get("/healthz")
    assert (response.status_code, response.content) == (200, b"ok\n")


def test_the_dev_outbox_shows_sent_emails_in_debug(
    client, campaign, alice, settings, tmp_path, tasks, django_capture_on_commit_callbacks
):
    settings.DEBUG = True
    settings.MAILERS = {
        "default": {
            "BACKEND": "stopalprs.emails.outbox.OutboxBackend",
            "OPTIONS": {"path": str(tmp_path / "outbox")},
        }
    }
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/c/stop-alprs/", alice)
    tasks()
    html = client.get("/dev/outbox/").content.decode()
    assert "Confirm your signature" in html
    assert '<a href="http://testserver/confirm/' in html


def test_the_dev_outbox_does_not_exist_in_production(client, settings, tmp_path):
    settings.DEBUG = False
    assert client.get("/dev/outbox/").status_code == 404


def test_beat_once_enqueues_every_periodic_task(db):
    from django_tasks_db.models import DBTaskResult

    from stopalprs.ops.periodic import SCHEDULE

    call_command("beat", "--once")
    paths = set(DBTaskResult.objects.values_list("task_path", flat=True))
    assert paths == {entry.task_path.replace(":", ".") for entry in SCHEDULE}
