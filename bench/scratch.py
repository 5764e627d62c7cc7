"""A throwaway work folder and database for the in-process benchmarks."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any


def production_env(work: Path, database_url: str) -> dict[str, str]:
    """What a benchmark sets to run the site as ``make serve`` does (DEBUG off, its secrets
    made up for the run) on a throwaway work folder and database."""
    from cryptography.fernet import Fernet

    return {
        "DEBUG": "False",
        "VAR_DIR": str(work),
        "DATABASE_URL": database_url,
        "SECRET_KEY": "bench-" + "x" * 50,
        "BLIND_INDEX_KEY": "bench-blind",
        "FIELD_ENCRYPTION_KEYS": Fernet.generate_key().decode(),
        "EMAIL_URL": "outbox://",
        "TRUSTED_PROXIES": "127.0.0.1",
        "LOG_LEVEL": "WARNING",
        "DJANGO_SETTINGS_MODULE": "stopalprs.settings",
    }


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


def production_site(prefix: str) -> Any:
    """The site's WSGI application as ``make serve`` configures it, on a throwaway SQLite
    database (migrated, default campaign loaded, static files collected), to call in process."""
    work = Path(tempfile.mkdtemp(prefix=prefix))
    os.environ.update(production_env(work, f"sqlite:///{work / 'db.sqlite3'}"))
    import django

    django.setup()
    from django.core.management import call_command

    from stopalprs.ops.services import prepare_database
    from stopalprs.wsgi import application

    prepare_database()
    call_command("collectstatic", interactive=False, verbosity=0)
    return application


def wsgi_environ(method: str, body: bytes, client: str) -> dict[str, Any]:
    """A request to the campaign page from ``client`` (through the trusted proxy)."""
    import io
    import sys

    return {
        "REQUEST_METHOD": method,
        "PATH_INFO": "/c/stop-alprs/",
        "QUERY_STRING": "",
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8000",
        "HTTP_HOST": "127.0.0.1:8000",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "wsgi.url_scheme": "http",
        "wsgi.errors": sys.stderr,
        "wsgi.input": io.BytesIO(body),
        "CONTENT_LENGTH": str(len(body)),
        "CONTENT_TYPE": "application/x-www-form-urlencoded",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_X_FORWARDED_FOR": client,
        "HTTP_ORIGIN": "http://127.0.0.1:8000",
    }
