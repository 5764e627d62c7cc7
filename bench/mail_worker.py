"""Benchmark: how fast the task workers drain queued confirmation emails into a local SMTP
server (aiosmtpd, in this process), with connections kept open between emails.

Target (issue 7): at least 200 emails/s. Prints figures; asserts nothing. Runs against a
throwaway SQLite database, or a scratch PostgreSQL database beside DATABASE_URL if you set it.

    make bench-email         # or: uv run python bench/mail_worker.py --emails 3000 --workers 3
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.load import free_port, scratch_postgres, stop  # noqa: E402
from bench.scratch import production_env  # noqa: E402


class Counter:
    """An SMTP sink that counts messages and the connections they came on."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.count = 0
        self.peers: set[object] = set()
        self.first = self.last = 0.0

    async def handle_DATA(self, server: object, session: object, envelope: object) -> str:
        with self.lock:
            now = time.monotonic()
            self.first = self.first or now
            self.last = now
            self.count += 1
            self.peers.add(getattr(session, "peer", None))
        return "250 OK"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--emails", type=int, default=3000)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--timeout", type=float, default=180)
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="stopalprs-bench-email-"))
    url = os.environ.get("DATABASE_URL")
    database_url = scratch_postgres(url) if url else f"sqlite:///{work / 'bench.sqlite3'}"
    sink, port = Counter(), free_port()
    env = {
        **os.environ,
        **production_env(work, database_url),
        "EMAIL_URL": f"smtp://127.0.0.1:{port}",
        "SITE_URL": "https://bench.example",
    }
    os.environ.update(env)
    import django

    django.setup()
    from aiosmtpd.controller import Controller
    from django.core.management import call_command
    from django.db import connection, transaction

    from stopalprs.campaigns.services import load_default_campaign
    from stopalprs.emails.models import Email
    from stopalprs.emails.services import queue_email
    from stopalprs.signatures.models import Signature

    call_command("migrate", verbosity=0)
    campaign, _ = load_default_campaign()
    started = time.monotonic()
    with transaction.atomic():
        signatures = Signature.objects.bulk_create(
            Signature(
                campaign=campaign,
                first_name=f"First{n}",
                last_name=f"Last{n}",
                email=f"bench{n}@example.org",
                email_index=f"{n:064x}",
                zip_code="94110",
                state="CA",
                district="CA-11",
            )
            for n in range(args.emails)
        )
        if connection.vendor != "postgresql":  # bulk_create returns no ids on some backends
            signatures = list(Signature.objects.order_by("pk"))
        for s in signatures:
            queue_email(kind="signature_confirm", signature_id=s.pk)
    print(
        f"setup: {args.emails:,} queued confirmation emails in {time.monotonic() - started:.1f} s"
    )
    connection.close()

    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    manage = [
        sys.executable,
        str(ROOT / "manage.py"),
        "db_worker",
        "--queue-name",
        "email",
        "--no-reload",
        "--interval",
        "0.05",
    ]
    logs = [(work / f"worker{n}.log").open("w") for n in range(args.workers)]
    started = time.monotonic()
    workers = [
        subprocess.Popen(manage, env=env, stdout=log, stderr=subprocess.STDOUT)  # noqa: S603
        for log in logs
    ]
    deadline = started + args.timeout
    try:
        while sink.count < args.emails and time.monotonic() < deadline:
            time.sleep(0.1)
        elapsed = time.monotonic() - started
    finally:
        for worker in workers:
            stop(worker)
        controller.stop()
    sent = Email.objects.filter(status=Email.Status.SENT).count()
    steady = (sink.count - 1) / (sink.last - sink.first) if sink.count > 1 else 0.0
    print(f"workers: {args.workers} db_worker processes, SMTP connections used: {len(sink.peers)}")
    print(
        f"drained: {sink.count:,} of {args.emails:,} emails received, {sent:,} marked sent, "
        f"in {elapsed:.1f} s including worker start-up"
    )
    print(f"rate: {steady:,.0f} emails/s from first to last message")
    print(f"target: >= 200 emails/s -> {'MET' if steady >= 200 else 'MISSED'}")
    shutil.rmtree(work)


if __name__ == "__main__":
    main()
