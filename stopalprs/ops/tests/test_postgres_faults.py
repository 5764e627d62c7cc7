"""PostgreSQL restarted under load, and a pg_dump backup restored. Uses the machine's
PostgreSQL on 127.0.0.1:5432 (a scratch database) and restarts it: skipped without one."""

from __future__ import annotations

import asyncio
import shutil
import subprocess
import sys
import threading
import time
import urllib.error
from pathlib import Path

import pytest

from conftest import ROOT, free_port, manage_process, prepare_process_db
from stopalprs.ops.tests.test_faults import OPENER, production_env, running_server, seed_confirmed

pytestmark = pytest.mark.fault
ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres"


def postgres_available() -> bool:
    if not (shutil.which("pg_ctlcluster") and shutil.which("pg_dump")):
        return False
    try:
        import psycopg

        psycopg.connect(ADMIN_URL, connect_timeout=2).close()
        return True
    except Exception:
        return False


needs_postgres = pytest.mark.skipif(
    not postgres_available(), reason="no local PostgreSQL with pg_ctlcluster on 127.0.0.1:5432"
)


def scratch(name: str) -> str:
    import psycopg

    with psycopg.connect(ADMIN_URL, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {name}")
    return f"postgres://postgres@127.0.0.1:5432/{name}"


def cluster() -> str:
    return sorted(p.name for p in Path("/etc/postgresql").iterdir())[-1]


def count(var_dir: Path, env: dict[str, str], expr: str) -> str:
    script = f"from stopalprs.signatures.models import Signature as S; print({expr})"
    proc = manage_process(var_dir, "shell", "-c", script, env=env)
    out, _ = proc.communicate(timeout=60)
    return out.strip().splitlines()[-1]


@needs_postgres
def test_postgres_restarted_during_load(tmp_path: Path):
    sys.path.insert(0, str(ROOT))
    from bench.load import sign_load

    env = {**production_env(tmp_path, free_port()), "DATABASE_URL": scratch("stopalprs_fault")}
    with running_server(tmp_path, env) as (base, _server):

        def restart() -> None:
            time.sleep(2)
            subprocess.run(
                ["pg_ctlcluster", "--skip-systemctl-redirect", cluster(), "main", "restart"],
                check=True,
                capture_output=True,
                timeout=60,
            )

        thread = threading.Thread(target=restart)
        thread.start()
        result = asyncio.run(sign_load(base, f"{base}/c/stop-alprs/", "sign", 8, 8.0, "pg"))
        thread.join()
        assert "500" not in result.statuses, result.statuses  # 503s during the outage only
        assert result.acked > 20
        # Afterwards everything works: a fresh signature goes through.
        time.sleep(1)
        form = b"first_name=A&last_name=B&email=after%40d9.bench.example&zip_code=94110"
        with pytest.raises(urllib.error.HTTPError) as after:
            OPENER.open(urllib.request.Request(f"{base}/c/stop-alprs/", form), timeout=10)
        assert after.value.code == 302
    stored = int(
        count(tmp_path, env, "S.objects.filter(email_domain__endswith='.bench.example').count()")
    )
    assert stored >= result.acked + 1  # nothing acknowledged was lost


@needs_postgres
def test_a_pg_dump_backup_restores_every_confirmed_signature(tmp_path: Path):
    from cryptography.fernet import Fernet

    keys = {"FIELD_ENCRYPTION_KEYS": Fernet.generate_key().decode(), "BLIND_INDEX_KEY": "k"}
    env = {**keys, "DATABASE_URL": scratch("stopalprs_backup")}
    prepare_process_db(tmp_path, env)
    seed_confirmed(tmp_path, env, 20, "pg")
    dump = tmp_path / "stopalprs.dump"
    # The documented commands (docs/operations.md).
    subprocess.run(
        ["pg_dump", "--format=custom", f"--file={dump}", env["DATABASE_URL"]],
        check=True,
        timeout=120,
    )
    restored = scratch("stopalprs_restored")
    subprocess.run(
        ["pg_restore", f"--dbname={restored}", str(dump)],
        check=True,
        timeout=120,
    )
    env = {**keys, "DATABASE_URL": restored}
    assert count(tmp_path, env, "S.objects.confirmed().count()") == "20"
    assert count(tmp_path, env, "sorted(s.email for s in S.objects.all())[0]") == "pg0@example.org"
