"""Every setting read from the environment is documented in .env.example."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
READS = re.compile(
    r"""(?:(?:env_(?:str|int|bool|list)|_secret)\(\s*|os\.environ\.get\()"([A-Z][A-Z0-9_]+)\""""
)


def test_every_environment_variable_is_in_env_example():
    read = set()
    for path in (ROOT / "stopalprs").rglob("*.py"):
        if "tests" not in path.parts:
            read |= set(READS.findall(path.read_text()))
    documented = set(
        re.findall(r"^#? ?([A-Z][A-Z0-9_]+)=", (ROOT / ".env.example").read_text(), flags=re.M)
    )
    assert {"SECRET_KEY", "READY_WRITE_TIMEOUT_MS", "WEB_WORKERS"} <= read
    assert sorted(read - documented - {"DJANGO_SETTINGS_MODULE"}) == []
