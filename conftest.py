"""Fixtures shared by every app's tests: personas, a campaign, the task queue, mail servers."""

from __future__ import annotations

import socket
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from unittest.mock import patch

import pytest
from django.core import mail
from django.core.cache import cache, caches
from django_tasks_db.management.commands.db_worker import Worker

from stopalprs.campaigns.models import Campaign
from stopalprs.campaigns.services import load_default_campaign
from stopalprs.lib.memo import reset_caches


@pytest.fixture(autouse=True)
def _test_settings(settings: Any) -> Iterator[None]:
    settings.COUNT_CACHE_SECONDS = 0  # counts read straight from the database in tests
    settings.COUNT_SNAPSHOT_SECONDS = 0
    settings.PAGE_CACHE_SECONDS = 0
    # Process-wide memos (the day's address-hash key, campaigns, ZIP codes) hold an earlier
    # test's rows; each test has its own database.
    reset_caches()
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    settings.SITE_URL = "http://testserver"
    cache.clear()
    caches["limits"].clear()
    yield
    cache.clear()
    caches["limits"].clear()


@pytest.fixture
def campaign(db: None) -> Campaign:
    campaign, _ = load_default_campaign()
    return campaign


@pytest.fixture
def make_campaign(db: None) -> Callable[..., Campaign]:
    counter = iter(range(1, 10_000))

    def make(**fields: Any) -> Campaign:
        n = next(counter)
        defaults: dict[str, Any] = {
            "slug": f"campaign-{n}",
            "title": f"Campaign {n}",
            "summary": "A summary.",
            "ask": "Please act.",
            "state": Campaign.State.OPEN,
        }
        return Campaign.objects.create(**{**defaults, **fields})

    return make


def run_tasks() -> None:
    """Run every task that is due, as `manage.py db_worker --batch` would, until none is left.

    The worker runs in the test's own thread and database connection. Its
    close_old_connections() would close that connection mid-test (PostgreSQL sees a
    transaction it did not open), so it is switched off here. Inside a test's transaction
    nothing commits, so the on-commit callbacks a task registers (enqueuing the emails it
    queued) are run as a commit would run them, and the queue is worked again.
    """
    from django.test import TestCase

    for _ in range(10):
        worker = Worker(
            queue_names=["*"],
            interval=0,
            batch=True,
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id="pytest",
            excluded_queue_names=[],
        )
        with (
            patch("django_tasks_db.management.commands.db_worker.close_old_connections"),
            TestCase.captureOnCommitCallbacks(execute=True) as callbacks,
        ):
            worker.run()
        if not callbacks:
            return


@pytest.fixture
def tasks() -> Callable[[], None]:
    return run_tasks


@pytest.fixture
def outbox() -> list[Any]:
    mail.outbox = []
    return mail.outbox


ALICE = {
    "first_name": "Alice",
    "last_name": "Liddell",
    "email": "alice@example.org",
    "zip_code": "94110",
    "comment": "Cameras on every corner of my street.",
}
BOB = {**ALICE, "first_name": "Bob", "last_name": "Builder", "email": "bob@example.net"}


@pytest.fixture
def alice() -> dict[str, str]:
    return dict(ALICE)


@pytest.fixture
def bob() -> dict[str, str]:
    return dict(BOB)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class SmtpSink:
    """A real SMTP server (aiosmtpd) on 127.0.0.1 that keeps what it receives."""

    port: int
    messages: list[Any] = field(default_factory=list)
    # The client's (address, port) per message: one per connection the sender opened.
    peers: list[Any] = field(default_factory=list)
    # The bytes as they came over the wire, per message.
    raw: list[bytes] = field(default_factory=list)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        from email import message_from_bytes, policy

        self.peers.append(session.peer)
        self.raw.append(envelope.content)
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 OK"


@pytest.fixture
def smtp_server(settings: Any) -> Iterator[SmtpSink]:
    from aiosmtpd.controller import Controller

    sink = SmtpSink(port=free_port())
    controller = Controller(sink, hostname="127.0.0.1", port=sink.port)
    controller.start()
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": sink.port, "timeout": 5},
        }
    }
    try:
        yield sink
    finally:
        controller.stop()


@pytest.fixture
def staff_client(db: None, client: Any) -> Callable[..., Any]:
    """A client logged in as a staff member with a verified TOTP device and the given role."""
    from django.contrib.auth.models import Group, User
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from stopalprs.staff.access import ensure_roles

    def make(role: str = "Campaign admin", *, verified: bool = True, name: str = "carol") -> Any:
        ensure_roles()
        user = User.objects.create_user(name, password="correct horse battery", is_staff=True)  # noqa: S106
        user.groups.add(Group.objects.get(name=role))
        device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
        client.force_login(user)
        if verified:
            session = client.session
            session[DEVICE_ID_SESSION_KEY] = device.persistent_id
            session.save()
        client.user = user
        return client

    return make


@pytest.fixture
def browser_page() -> Iterator[Any]:
    """A page in Debian's chromium, driven by Playwright; skipped if chromium is absent."""
    import os

    from stopalprs.lib.browser import CHROMIUM_ARGS, chromium_path

    path = chromium_path()
    if path is None:
        pytest.skip("chromium is not installed (apt-get install chromium); browser test skipped")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls the test makes
    # between browser steps are still plain synchronous calls.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
            page = browser.new_page()
            yield page
            browser.close()
    finally:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: None, django_db_blocker: Any) -> None:
    """The test database gets the reference data (ZIPs, lawmakers) once per session."""
    from stopalprs.lawmakers.importer import import_reference_data
    from stopalprs.watch.importer import import_contract_actions, import_records_laws

    with django_db_blocker.unblock():
        import_reference_data()
        import_contract_actions()
        import_records_laws()


@pytest.fixture
def reference_data(transactional_db: None) -> None:
    """For transactional tests: Django empties every table after each of them."""
    from stopalprs.lawmakers.importer import ensure_reference_data
    from stopalprs.watch.importer import ensure_contract_actions

    ensure_reference_data()
    ensure_contract_actions()


DANA = {
    "name": "Dana Organizer",
    "email": "dana@example.org",
    "phone": "555-0100",
    "city": "Springfield",
    "state": "IL",
    "zip_code": "62701",
    "organization": "Springfield Neighbors",
    "role": "organizer",
    "uses_alpr": "yes",
    "vendor": "flock",
    "stage": "renewal",
    "help_wanted": ["records", "testimony"],
    "message": "Council votes on renewal next month.",
}


@pytest.fixture
def dana() -> dict[str, Any]:
    return dict(DANA)


ROOT = Path(__file__).resolve().parent


def manage_process(
    var_dir: Path, *args: str, env: dict[str, str] | None = None, log: Path | None = None
) -> Any:
    """`manage.py ARGS` as a real subprocess on its own file database in ``var_dir``.

    Servers must pass ``log``: output piped to nobody fills the pipe and stalls the server.
    """
    import os
    import subprocess
    import sys

    full_env = {
        **os.environ,
        "DEBUG": "True",
        "VAR_DIR": str(var_dir),
        "DATABASE_URL": f"sqlite:///{var_dir / 'db.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "stopalprs.settings",
        **(env or {}),
    }
    stdout: Any = log.open("a") if log else subprocess.PIPE
    return subprocess.Popen(  # noqa: S603
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=full_env,
        stdout=stdout,
        stderr=subprocess.STDOUT,
        text=True,
    )


def prepare_process_db(var_dir: Path, env: dict[str, str] | None = None) -> None:
    script = "from stopalprs.ops.services import prepare_database as p; p()"
    proc = manage_process(var_dir, "shell", "-c", script, env=env)
    out, _ = proc.communicate(timeout=180)
    assert proc.returncode == 0, out
