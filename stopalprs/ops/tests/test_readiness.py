"""/readyz tells a load balancer the truth: not ready while the database takes no write or
the disk has no room, ready again once it does."""

from __future__ import annotations

import shutil
import sqlite3
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings as django_settings

from conftest import free_port, manage_process, prepare_process_db
from stopalprs.ops.models import WriteProbe
from stopalprs.ops.tests.test_faults import production_env, stop, wait_up


def readyz(base: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(f"{base}/readyz", timeout=15) as reply:
            return reply.status, reply.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


@pytest.mark.django_db
def test_ready_means_a_write_was_just_taken(client):
    response = client.get("/readyz")
    assert (response.status_code, response.content) == (200, b"ok\n")
    assert response["Cache-Control"] == "no-store"
    probe = WriteProbe.objects.get()
    client.get("/readyz")
    assert WriteProbe.objects.get().at > probe.at


@pytest.mark.django_db
def test_too_little_room_on_the_disk_is_not_ready(client, settings):
    free = shutil.disk_usage(django_settings.VAR_DIR).free // 2**20
    settings.READY_MIN_FREE_MB = free + 10**6  # more room than this disk has free
    response = client.get("/readyz")
    assert response.status_code == 503
    assert "disk nearly full" in response.content.decode()
    assert response["Cache-Control"] == "no-store"
    settings.READY_MIN_FREE_MB = 1
    assert client.get("/readyz").status_code == 200


@pytest.mark.fault
def test_a_held_write_lock_is_not_ready_and_its_release_is(tmp_path: Path):
    port = free_port()
    env = production_env(tmp_path, port)
    prepare_process_db(tmp_path, env)
    server = manage_process(
        tmp_path,
        "runserver",
        f"127.0.0.1:{port}",
        "--noreload",
        env=env,
        log=tmp_path / "server.log",
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_up(f"{base}/healthz")
        assert readyz(base) == (200, "ok\n")
        # What a backup, a stuck migration or a forgotten shell transaction does.
        holder = sqlite3.connect(tmp_path / "db.sqlite3", isolation_level=None)
        holder.execute("BEGIN IMMEDIATE")
        try:
            status, body = readyz(base)
            assert (status, body) == (503, "not ready: database write lock held\n"), body
        finally:
            holder.execute("ROLLBACK")
            holder.close()
        assert readyz(base) == (200, "ok\n")
    finally:
        stop(server)
