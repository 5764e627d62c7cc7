"""A throwaway work folder and database for the in-process benchmarks."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


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
