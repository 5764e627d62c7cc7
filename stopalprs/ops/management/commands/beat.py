from __future__ import annotations

import importlib
import signal
import time
from typing import Any

from django.core.management.base import BaseCommand
from django.db import close_old_connections

from stopalprs.ops.periodic import SCHEDULE, Periodic


def _enqueue(entry: Periodic) -> None:
    module, name = entry.task_path.split(":")
    getattr(importlib.import_module(module), name).enqueue()


class Command(BaseCommand):
    help = "Enqueue the periodic tasks of stopalprs.ops.periodic.SCHEDULE at their intervals."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--once", action="store_true", help="Enqueue everything once, exit.")

    def handle(self, *args: Any, once: bool = False, **options: Any) -> None:
        if once:
            for entry in SCHEDULE:
                _enqueue(entry)
            return
        running = True

        def stop(signum: int, frame: Any) -> None:
            nonlocal running
            running = False

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        next_run = {entry.task_path: 0.0 for entry in SCHEDULE}
        while running:
            now = time.monotonic()
            for entry in SCHEDULE:
                if now >= next_run[entry.task_path]:
                    close_old_connections()
                    try:
                        _enqueue(entry)
                    except Exception:  # a database blip must not end the schedule
                        self.stderr.write(f"could not enqueue {entry.task_path}; will retry")
                        continue
                    next_run[entry.task_path] = now + entry.every_seconds
            time.sleep(1)
