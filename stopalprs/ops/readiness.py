"""What /readyz checks: can this process take a signature now, or should a load balancer
send people elsewhere?

Each check answers within about READY_WRITE_TIMEOUT_MS: a probe that waited as long as a
signer does (SQLite's 20 s busy timeout) would be no use to a load balancer.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core.cache import caches
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from stopalprs.ops.models import WriteProbe
from stopalprs.outbox import taskqueue


def problems() -> list[str]:
    """Why this process is not ready, in a few words each; empty when it is."""
    found = []
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return ["database", *_disk(), *_caches()]
    found += _database_write()
    found += _disk()
    found += _caches()
    lag = timezone.now() - timedelta(seconds=settings.READY_QUEUE_LAG_SECONDS)
    if taskqueue.lagging(enqueued_before=lag):
        found.append("task queue lagging")
    return found


def _database_write() -> list[str]:
    """A real write, committed: a held write lock (a backup, a stuck migration, a shell left
    in a transaction), a read-only database or a full disk under it all show here."""
    try:
        with _short_waits(), transaction.atomic():
            if not WriteProbe.objects.filter(pk=1).update(at=timezone.now()):
                WriteProbe.objects.create(pk=1)
    except DatabaseError as error:
        text = str(error).lower()
        if "locked" in text or "lock timeout" in text or "statement timeout" in text:
            return ["database write lock held"]
        if "full" in text or "no space" in text:
            return ["database disk full"]
        if "read-only" in text or "readonly" in text:
            return ["database read-only"]
        return ["database refuses writes"]
    return []


@contextmanager
def _short_waits() -> Iterator[None]:
    seconds = settings.READY_WRITE_TIMEOUT_MS / 1000
    if connection.vendor == "sqlite" and hasattr(connection, "waiting_at_most"):
        with connection.waiting_at_most(seconds):  # our backend (lib/fastpath/sqlite)
            yield
    elif connection.vendor == "postgresql":
        # SET LOCAL: for the probe's own transaction only, so nothing else waits less.
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(f"SET LOCAL lock_timeout = {int(seconds * 1000)}")
                cursor.execute(f"SET LOCAL statement_timeout = {int(seconds * 1000)}")
            yield
    else:
        yield


def _disk() -> list[str]:
    """Room to write under the site's own folder (and the SQLite file's, if elsewhere):
    below READY_MIN_FREE_MB, signatures, queued emails and rate-limit counts would soon
    fail to be written, so the process stops taking traffic before they do."""
    places = {Path(settings.VAR_DIR)}
    database = connection.settings_dict.get("NAME")
    if connection.vendor == "sqlite" and database and str(database) != ":memory:":
        places.add(Path(database).parent)
    free = []
    for place in places:
        try:
            free.append(shutil.disk_usage(place).free)
        except OSError:
            return ["disk unreadable"]
    least = min(free) // 2**20
    if least < settings.READY_MIN_FREE_MB:
        return [f"disk nearly full ({least} MB free)"]
    return []


def _caches() -> list[str]:
    found = []
    for alias in ("default", "limits"):
        try:
            cache = caches[alias]
            cache.set("readyz", "1", 5)
            if cache.get("readyz") != "1":
                found.append(f"cache ({alias})")
        except Exception:  # any cache backend failure means not ready
            found.append(f"cache ({alias})")
    return found
