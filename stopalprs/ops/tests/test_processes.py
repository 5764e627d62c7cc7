"""The real processes `make run`/`make serve` start, run as subprocesses on a file database."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]


def manage(tmp_path: Path, *args: str, **kwargs) -> subprocess.Popen:
    env = {
        **os.environ,
        "DEBUG": "True",
        "VAR_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "stopalprs.settings",
    }
    return subprocess.Popen(  # noqa: S603
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, **kwargs,
    )  # fmt: skip


@pytest.fixture
def prepared(tmp_path: Path) -> Path:
    """A fresh file database, prepared the way runstack prepares it (twice: idempotent)."""
    script = "from stopalprs.ops.services import prepare_database as p; p(); p()"
    for _ in range(2):
        proc = manage(tmp_path, "shell", "-c", script)
        assert proc.wait(timeout=120) == 0, proc.stdout.read() if proc.stdout else ""
    return tmp_path


def test_an_empty_database_is_migrated_and_gets_the_default_campaign_once(prepared):
    script = "from stopalprs.campaigns.models import Campaign as C; print(list(C.objects.all()))"
    proc = manage(prepared, "shell", "-c", script)
    out, _ = proc.communicate(timeout=60)
    assert out.strip().splitlines()[-1].count("<Campaign:") == 1


def test_the_worker_stops_cleanly_on_sigterm(prepared):
    worker = manage(prepared, "db_worker", "--no-reload", "--interval", "0.2")
    time.sleep(3)  # let it start and poll the empty queue
    assert worker.poll() is None
    worker.send_signal(signal.SIGTERM)
    assert worker.wait(timeout=10) == 0
    output = worker.stdout.read() if worker.stdout else ""
    assert "Traceback" not in output
