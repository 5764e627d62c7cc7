"""The commands the README and the docs show work when pasted into a fresh shell (no DEBUG, no
SECRET_KEY set)."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
# The README and every page it sends readers to.
PAGES = [ROOT / "README.md", ROOT / "CONTRIBUTING.md", *sorted((ROOT / "docs").glob("*.md"))]
README = "\n".join(page.read_text() for page in PAGES)


def clean_env(var_dir: Path, **extra: str) -> dict[str, str]:
    """A shell's environment as a newcomer has it: nothing of ours set, but a work folder of
    the test's own instead of var/."""
    keep = {k: v for k, v in os.environ.items() if k in {"PATH", "HOME", "LANG", "TERM"}}
    return {**keep, "VAR_DIR": str(var_dir), **extra}


def run(line: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        shlex.split(line, comments=True),
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def shown_commands() -> list[str]:
    """Every ``bin/manage …`` the README and the docs show, in code blocks and inline."""
    blocks = re.findall(r"```sh\n(.*?)```", README, flags=re.S)
    lines = [line.strip() for block in blocks for line in block.splitlines()]
    inline = re.findall(r"`(bin/manage [^`]+)`", README)
    return [c for c in lines + inline if c.startswith("bin/manage ")]


def test_the_readme_runs_manage_through_bin_manage_only():
    assert "python manage.py" not in README.replace("DEBUG=True", "")
    assert not re.search(r"(?<![\w/])`manage\.py (?!db_worker|beat|runstack)", README)


@pytest.mark.fault
def test_the_staff_commands_work_as_pasted(tmp_path: Path):
    env = clean_env(tmp_path)
    commands = shown_commands()
    assert "bin/manage enroll_totp carol" in [c.split("#")[0].strip() for c in commands]
    assert run("bin/manage migrate --verbosity 0", env).returncode == 0
    for command in commands:
        if command.startswith("bin/manage createsuperuser"):
            # As pasted, with the answers it would ask for given up front.
            answers = clean_env(
                tmp_path,
                DJANGO_SUPERUSER_EMAIL="carol@example.org",
                DJANGO_SUPERUSER_PASSWORD="correct horse battery staple",
            )
            done = run(command.split("#")[0] + " --noinput", answers)
            assert done.returncode == 0, done.stderr
        elif command.startswith("bin/manage enroll_totp"):
            done = run(command, env)
            assert done.returncode == 0, done.stderr
            assert "otpauth://totp/" in done.stdout
        else:  # the others change data: each must at least exist and start
            name = shlex.split(command)[1]
            done = run(f"bin/manage {name} --help", env)
            assert done.returncode == 0, (command, done.stderr)
