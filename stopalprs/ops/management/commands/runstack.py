from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from stopalprs.ops.services import prepare_database

# No client address in the access log: only time, method, path without query (with tokens
# redacted, see ops/gunicorn.py), status, size and duration.
ACCESS_LOG_FORMAT = '%(t)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms'


def _lower_priority() -> None:
    """Run a background process (task worker, scheduler) only on CPU the web does not want.

    SCHED_IDLE, where Linux has it: at nice 10 the mail worker still took a fifth of the two
    cores in a signing storm and the sign POST rate fell by a tenth (docs/performance.md); a
    process at the idle policy runs in the gaps. Nothing is lost by waiting: the queue is
    durable and drains as the storm passes. Any user may lower their own process to it.
    Should a worker be set aside while it holds SQLite's write lock, the signers' requests
    waiting for that lock sleep, and the CPU they leave is the worker's to finish with."""
    try:
        os.sched_setscheduler(0, os.SCHED_IDLE, os.sched_param(0))
    except (AttributeError, OSError):  # not Linux, or refused (a container's seccomp rules)
        os.nice(10)


class Command(BaseCommand):
    help = (
        "Prepare the database (migrate, load the default campaign) and run the web server, "
        "the task worker and the periodic scheduler together until interrupted."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--production",
            action="store_true",
            help="gunicorn instead of Django's development server (make serve).",
        )
        parser.add_argument("--workers", type=int, default=int(os.environ.get("WEB_WORKERS", 4)))
        parser.add_argument(
            "--task-workers", type=int, default=int(os.environ.get("TASK_WORKERS", 1))
        )

    def handle(self, *args: Any, production: bool, workers: int, task_workers: int, **o: Any):
        prepare_database()
        if production:
            call_command("collectstatic", interactive=False, verbosity=0)
        bind = f"{settings.HOST}:{settings.PORT}"
        python = sys.executable
        manage = [python, "-m", "django"]
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "stopalprs.settings"}
        if production:
            web = [
                python,
                "-m",
                "gunicorn",
                "stopalprs.wsgi:application",
                "--bind",
                bind,
                "--workers",
                str(workers),
                "--forwarded-allow-ips",
                ",".join(settings.TRUSTED_PROXIES) or "127.0.0.1",
                "--access-logfile",
                "-",
                "--access-logformat",
                ACCESS_LOG_FORMAT,
                "--logger-class",
                "stopalprs.ops.gunicorn.RedactingLogger",
                "--graceful-timeout",
                "20",
                "--timeout",
                "30",
                # The site is loaded once and the workers forked from it (start-up already
                # frozen out of the collector, stopalprs/wsgi.py): they share its memory, and
                # a worker that died is back at once. Loading opens no connection to share.
                "--preload",
            ]
        else:
            web = [*manage, "runserver", bind, "--noreload"]
        commands = [("web", web), ("beat", [*manage, "beat"])]
        commands += [
            (f"worker{n}", [*manage, "db_worker", "--queue-name", "*", "--no-reload"])
            for n in range(task_workers)
        ]

        def start(name: str) -> subprocess.Popen[bytes]:
            # Workers run at the lowest CPU priority: in a signing storm the machine answers
            # signers first, and the mail queue (durable) catches up when the storm passes.
            return subprocess.Popen(  # noqa: S603 - our own fixed command lines
                dict(commands)[name],
                env=env,
                preexec_fn=_lower_priority if name != "web" else None,
            )

        children = {name: start(name) for name, _ in commands}
        self.stdout.write(f"Serving {settings.SITE_URL} on http://{bind}/ (Ctrl+C stops)")

        def stop(signum: int, frame: Any) -> None:
            raise KeyboardInterrupt

        signal.signal(signal.SIGTERM, stop)
        # A task worker or the scheduler that exits (say, the database restarted under it) is
        # started again, waiting longer each time up to 30 s; the web process is what serves
        # people, so if it exits everything stops and the supervisor (systemd…) takes over.
        failures: dict[str, int] = {}
        due: dict[str, float] = {}
        try:
            while children["web"].poll() is None:
                time.sleep(0.5)
                now = time.monotonic()
                for name, child in children.items():
                    if name == "web" or child.poll() is None:
                        continue
                    if name not in due:
                        failures[name] = failures.get(name, 0) + 1
                        due[name] = now + min(30, 2 ** failures[name])
                        self.stderr.write(f"{name} exited ({child.returncode}); restarting")
                    elif now >= due[name]:
                        del due[name]
                        children[name] = start(name)
            self.stderr.write("web exited; stopping the rest")
        except KeyboardInterrupt:
            pass
        finally:
            for child in children.values():
                if child.poll() is None:
                    child.send_signal(signal.SIGTERM)
            for child in children.values():
                try:
                    child.wait(timeout=25)
                except subprocess.TimeoutExpired:
                    child.kill()
