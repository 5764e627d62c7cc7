"""Breaking things for real: processes on 127.0.0.1, bounded in time."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from cryptography.fernet import Fernet

from conftest import ROOT, free_port, manage_process, prepare_process_db

pytestmark = pytest.mark.fault


def production_env(var_dir: Path, port: int) -> dict[str, str]:
    return {
        "DEBUG": "False",
        "SECRET_KEY": "fault-" + "x" * 50,
        "BLIND_INDEX_KEY": "fault",
        "FIELD_ENCRYPTION_KEYS": Fernet.generate_key().decode(),
        "EMAIL_URL": "outbox://",
        "HOST": "127.0.0.1",
        "PORT": str(port),
        "TRUSTED_PROXIES": "127.0.0.1",
        "WEB_WORKERS": "2",
        "LOG_LEVEL": "WARNING",
    }


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        return None


OPENER = urllib.request.build_opener(NoRedirect)


def stop(server: subprocess.Popen) -> None:
    server.terminate()
    try:
        server.wait(timeout=90)
    except subprocess.TimeoutExpired:
        server.kill()


def wait_up(url: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=1).read()
            return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"{url} did not come up")


@contextmanager
def running_server(var_dir: Path, env: dict[str, str]) -> Iterator[tuple[str, subprocess.Popen]]:
    """`make serve`'s process tree on a prepared database; stopped on the way out."""
    prepare_process_db(var_dir, env)
    server = manage_process(
        var_dir, "runstack", "--production", env=env, log=var_dir / "server.log"
    )
    base = f"http://127.0.0.1:{env['PORT']}"
    try:
        wait_up(f"{base}/healthz")
        yield base, server
    finally:
        stop(server)


def seed_confirmed(var_dir: Path, env: dict[str, str] | None, n: int, prefix: str) -> None:
    """n confirmed signatures, made through the signing service, addressed PREFIX<i>@…."""
    script = (
        "from django.utils import timezone;"
        "from stopalprs.campaigns.models import Campaign;"
        "from stopalprs.signatures.models import Signature as S;"
        "from stopalprs.signatures.services import sign_petition;"
        "c=Campaign.objects.get(slug='stop-alprs');"
        f"[sign_petition(campaign=c, first_name='F', last_name='L', "
        f"email='{prefix}%d@example.org'%i, zip_code='94110', state='CA') for i in range({n})];"
        "S.objects.update(status='confirmed', confirmed_at=timezone.now())"
    )
    assert manage_process(var_dir, "shell", "-c", script, env=env).wait(timeout=120) == 0


def stored(var_dir: Path, env: dict[str, str]) -> int:
    script = (
        "from stopalprs.signatures.models import Signature as S;"
        "print(S.objects.filter(email_domain__endswith='.bench.example').count())"
    )
    proc = manage_process(var_dir, "shell", "-c", script, env=env)
    out, _ = proc.communicate(timeout=60)
    return int(out.strip().splitlines()[-1])


def gunicorn_workers(runstack_pid: int) -> list[int]:
    """PIDs of the gunicorn workers under a runstack process (read from /proc)."""
    procs = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
                args = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
            except (OSError, IndexError, ValueError):
                continue
            procs[int(entry.name)] = (ppid, args)
    masters = {p for p, (pp, a) in procs.items() if pp == runstack_pid and "gunicorn" in a}
    return sorted(p for p, (pp, _) in procs.items() if pp in masters)


def test_kill_9_of_web_workers_loses_no_acknowledged_signature(tmp_path: Path):
    sys.path.insert(0, str(ROOT))
    from bench.load import sign_load

    env = production_env(tmp_path, free_port())
    with running_server(tmp_path, env) as (base, server):
        killed: list[int] = []

        def killer() -> None:
            for _ in range(3):
                time.sleep(1.5)
                workers = gunicorn_workers(server.pid)
                if workers:
                    os.kill(workers[0], signal.SIGKILL)
                    killed.append(workers[0])

        thread = threading.Thread(target=killer)
        thread.start()
        result = asyncio.run(sign_load(base, f"{base}/c/stop-alprs/", "sign", 8, 6.0, "fault"))
        thread.join()
        assert len(killed) >= 2, "no worker was killed"
        assert "500" not in result.statuses, result.statuses
        assert result.acked > 50
        # The server recovers by itself: gunicorn replaces killed workers.
        wait_up(f"{base}/healthz", timeout=30)
    assert stored(tmp_path, env) >= result.acked  # every success reply is stored


def test_a_database_outage_gets_a_styled_503_and_recovery(tmp_path: Path):
    env = production_env(tmp_path, free_port())
    db = tmp_path / "db.sqlite3"
    hidden = tmp_path / "hidden"
    hidden.mkdir()
    with running_server(tmp_path, env) as (base, _server):
        form = b"first_name=A&last_name=B&email=a%40d1.bench.example&zip_code=94110"
        post = urllib.request.Request(f"{base}/c/stop-alprs/", form)
        with pytest.raises(urllib.error.HTTPError) as before:
            OPENER.open(post, timeout=10)
        assert before.value.code in (302, 303)
        # The database goes away (as in a restart or a lost volume) ...
        for name in ("db.sqlite3", "db.sqlite3-wal", "db.sqlite3-shm"):
            if (tmp_path / name).exists():
                (tmp_path / name).rename(hidden / name)
        db.mkdir()  # ... and the path cannot even be opened as a database
        post = urllib.request.Request(f"{base}/c/stop-alprs/", form.replace(b"a%40", b"b%40"))
        with pytest.raises(urllib.error.HTTPError) as during:
            OPENER.open(post, timeout=10)
        assert during.value.code == 503
        assert during.value.headers["Retry-After"] == "30"
        page = during.value.read().decode()
        assert "back in a moment" in page and "Traceback" not in page
        ready = urllib.request.Request(f"{base}/readyz")
        with pytest.raises(urllib.error.HTTPError) as not_ready:
            urllib.request.urlopen(ready, timeout=10)
        assert not_ready.value.code == 503
        # ... and comes back: everything works again, and nothing acknowledged was lost.
        db.rmdir()
        for name in ("db.sqlite3", "db.sqlite3-wal", "db.sqlite3-shm"):
            if (hidden / name).exists():
                (hidden / name).rename(tmp_path / name)
        assert urllib.request.urlopen(f"{base}/readyz", timeout=10).status == 200
    assert stored(tmp_path, env) == 1


def test_the_worker_drains_a_backlog_in_order(tmp_path: Path):
    """An hour of backlog (the worker was stopped): started again, it sends everything, oldest
    first."""
    env = {"EMAIL_URL": "outbox://"}
    prepare_process_db(tmp_path, env)
    script = (
        "from stopalprs.campaigns.models import Campaign;"
        "from stopalprs.signatures.services import sign_petition;"
        "c=Campaign.objects.get(slug='stop-alprs');"
        "[sign_petition(campaign=c, first_name='N%d'%i, last_name='L', "
        "email='n%d@example.org'%i, zip_code='94110', state='CA') for i in range(60)]"
    )
    proc = manage_process(tmp_path, "shell", "-c", script, env=env)
    assert proc.wait(timeout=120) == 0
    worker = manage_process(
        tmp_path, "db_worker", "--batch", "--queue-name", "*", "--no-reload", env=env
    )
    worker.communicate(timeout=120)
    sent = sorted((tmp_path / "outbox").glob("*.eml"))
    assert len(sent) == 60
    order = [f.read_text().split("Hi N", 1)[1].split(",", 1)[0] for f in sent]
    assert order == [str(i) for i in range(60)]


def test_sqlite_online_backup_restores_every_confirmed_signature(tmp_path: Path):
    import sqlite3

    # A backup is unreadable without the encryption keys (see docs/operations.md): the restored
    # site runs with the same secrets, kept apart from the data.
    env = {"FIELD_ENCRYPTION_KEYS": Fernet.generate_key().decode(), "BLIND_INDEX_KEY": "k"}
    prepare_process_db(tmp_path, env)
    seed_confirmed(tmp_path, env, 25, "b")
    # The documented command (docs/operations.md), run while the database is live.
    backup = tmp_path / "backup.sqlite3"
    with sqlite3.connect(tmp_path / "db.sqlite3") as live, sqlite3.connect(backup) as copy:
        live.backup(copy)
    restored = tmp_path / "restored"
    restored.mkdir()
    (restored / "db.sqlite3").write_bytes(backup.read_bytes())
    script = (
        "from stopalprs.signatures.models import Signature as S;"
        "print(S.objects.confirmed().count(), sorted({s.email for s in S.objects.all()})[:2])"
    )
    proc = manage_process(restored, "shell", "-c", script, env=env)
    out, _ = proc.communicate(timeout=60)
    assert out.strip().splitlines()[-1] == "25 ['b0@example.org', 'b10@example.org']"
