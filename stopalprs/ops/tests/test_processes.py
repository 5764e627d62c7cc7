"""The real processes `make run`/`make serve` start, run as subprocesses on a file database."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import manage_process, prepare_process_db


def manage(tmp_path: Path, *args: str) -> subprocess.Popen:
    return manage_process(tmp_path, *args)


@pytest.fixture
def prepared(tmp_path: Path) -> Path:
    """A fresh file database, prepared the way runstack prepares it (twice: idempotent)."""
    prepare_process_db(tmp_path)
    prepare_process_db(tmp_path)
    return tmp_path


def test_an_empty_database_is_migrated_and_gets_the_default_campaign_once(prepared):
    script = "from stopalprs.campaigns.models import Campaign as C; print(list(C.objects.all()))"
    proc = manage(prepared, "shell", "-c", script)
    out, _ = proc.communicate(timeout=60)
    assert out.strip().splitlines()[-1].count("<Campaign:") == 1


def test_the_worker_stops_cleanly_on_sigterm(prepared):
    log = prepared / "worker.log"
    worker = manage_process(prepared, "db_worker", "--no-reload", "--interval", "0.2", log=log)
    # Signal only once it is running: before that, it has no handler to stop cleanly with.
    deadline = time.monotonic() + 60
    while "Starting worker" not in log.read_text() and time.monotonic() < deadline:
        time.sleep(0.2)
    time.sleep(0.5)
    assert worker.poll() is None
    worker.send_signal(signal.SIGTERM)
    assert worker.wait(timeout=10) == 0
    assert "Traceback" not in log.read_text()


def test_loading_the_site_before_forking_opens_nothing_to_share(tmp_path: Path):
    """What gunicorn --preload runs once before forking its web workers: the site, its URL
    patterns and views loaded and frozen out of the collector, and no database connection or
    thread, which the forked workers would otherwise share."""
    script = (
        "import gc, sys, threading; from django.db import connections; import stopalprs.wsgi;"
        "print('stopalprs.urls' in sys.modules, 'stopalprs.campaigns.views' in sys.modules,"
        " sum(c.connection is not None for c in connections.all()), threading.active_count(),"
        " gc.get_freeze_count() > 1000)"
    )
    out, _ = manage(tmp_path, "shell", "-c", script).communicate(timeout=60)
    assert out.strip().splitlines()[-1] == "True True 0 1 True"


@pytest.mark.skipif(not hasattr(os, "SCHED_IDLE"), reason="SCHED_IDLE is Linux's")
def test_background_processes_take_only_the_cpu_the_web_leaves():
    from stopalprs.ops.management.commands.runstack import _lower_priority

    child = subprocess.run(
        [sys.executable, "-c", "import os; print(os.sched_getscheduler(0))"],
        preexec_fn=_lower_priority,
        capture_output=True,
        text=True,
        check=True,
    )
    assert int(child.stdout) == os.SCHED_IDLE
