"""Beyond one machine: two web processes and two workers on one PostgreSQL and one Redis."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from conftest import ROOT, SmtpSink, free_port, manage_process, prepare_process_db
from stopalprs.integrity.tests.test_shared_limits import redis_up
from stopalprs.ops.tests.test_faults import production_env, wait_up
from stopalprs.ops.tests.test_postgres_faults import postgres_available, scratch

pytestmark = [
    pytest.mark.fault,
    pytest.mark.skipif(
        not (postgres_available() and redis_up()), reason="needs local PostgreSQL and Redis"
    ),
]


def test_two_web_processes_and_two_workers_share_one_database_and_cache(tmp_path: Path):
    import redis
    from aiosmtpd.controller import Controller

    sys.path.insert(0, str(ROOT))
    from bench.load import sign_load

    redis.Redis("127.0.0.1", 6379, db=12).flushdb()
    sink = SmtpSink(port=free_port())
    smtp = Controller(sink, hostname="127.0.0.1", port=sink.port)
    smtp.start()
    ports = [free_port(), free_port()]
    env = {
        **production_env(tmp_path, ports[0]),
        "DATABASE_URL": scratch("stopalprs_scale"),
        "CACHE_URL": "redis://127.0.0.1:6379/12",
        "EMAIL_URL": f"smtp://127.0.0.1:{sink.port}",
    }
    prepare_process_db(tmp_path, env)
    # What each release runs once before starting processes (docs/operations.md).
    static = manage_process(tmp_path, "collectstatic", "--noinput", env=env)
    assert static.wait(timeout=120) == 0
    full_env = {
        **os.environ,
        **env,
        "VAR_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "stopalprs.settings",
    }
    processes = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "stopalprs.wsgi:application",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "2",
                "--forwarded-allow-ips",
                "127.0.0.1",
            ],
            cwd=ROOT,
            env=full_env,
            stdout=(tmp_path / f"web{port}.log").open("w"),
            stderr=subprocess.STDOUT,
        )
        for port in ports
    ] + [
        manage_process(
            tmp_path,
            "db_worker",
            "--queue-name",
            "*",
            "--no-reload",
            "--worker-id",
            f"w{n}",
            env=env,
            log=tmp_path / f"worker{n}.log",
        )
        for n in (1, 2)
    ]
    try:
        bases = [f"http://127.0.0.1:{port}" for port in ports]
        for base in bases:
            wait_up(f"{base}/healthz")

        async def both() -> list:
            return await asyncio.gather(
                *(
                    sign_load(base, f"{base}/c/stop-alprs/", "sign", 4, 4.0, f"web{i}")
                    for i, base in enumerate(bases)
                )
            )

        results = asyncio.run(both())
        acked = sum(r.acked for r in results)
        assert acked > 40 and all(r.acked for r in results)
        deadline = time.monotonic() + 90
        while len(sink.messages) < acked and time.monotonic() < deadline:
            time.sleep(0.5)
        recipients = [m["To"] for m in sink.messages]
        assert len(recipients) == acked  # every email sent ...
        assert len(set(recipients)) == acked  # ... once, though two workers raced for them

        script = (
            "from django.utils import timezone;"
            "from stopalprs.signatures.models import Signature as S;"
            "S.objects.update(status='confirmed', confirmed_at=timezone.now());"
            "print(S.objects.count(), len({s.email for s in S.objects.all()}),"
            " S.objects.counted().count())"
        )
        proc = manage_process(tmp_path, "shell", "-c", script, env=env)
        out, _ = proc.communicate(timeout=60)
        stored, distinct, counted = map(int, out.strip().splitlines()[-1].split())
        assert stored == distinct == acked  # every acknowledged signature stored, once
        time.sleep(4)  # past COUNT_CACHE_SECONDS

        counts = {
            json.load(urllib.request.urlopen(f"{base}/c/stop-alprs.json"))["signature_count"]
            for base in bases
        }
        assert counts == {counted}  # both processes agree with the database
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
        smtp.stop()
        redis.Redis("127.0.0.1", 6379, db=12).flushdb()
