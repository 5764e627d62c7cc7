"""A throwaway work folder and database for the in-process benchmarks."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def production_env(work: Path, database_url: str) -> dict[str, str]:
    """What a benchmark sets to run the site as ``make serve`` does (DEBUG off, its secrets
    made up for the run) on a throwaway work folder and database."""
    from cryptography.fernet import Fernet

    return {
        "DEBUG": "False", "VAR_DIR": str(work), "DATABASE_URL": database_url,
        "SECRET_KEY": "bench-" + "x" * 50, "BLIND_INDEX_KEY": "bench-blind",
        "FIELD_ENCRYPTION_KEYS": Fernet.generate_key().decode(), "EMAIL_URL": "outbox://",
        "TRUSTED_PROXIES": "127.0.0.1", "LOG_LEVEL": "WARNING",
        "DJANGO_SETTINGS_MODULE": "stopalprs.settings",
    }  # fmt: skip


def scratch_django(prefix: str) -> Path:
    """Make a work folder, point Django at a SQLite file in it (unless DATABASE_URL is set),
    set Django up and migrate. Returns the folder."""
    work = Path(tempfile.mkdtemp(prefix=prefix))
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{work / 'bench.sqlite3'}")
    os.environ.update({"DEBUG": "True", "VAR_DIR": str(work), "LOG_LEVEL": "WARNING"})
    os.environ["DJANGO_SETTINGS_MODULE"] = "stopalprs.settings"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    return work
