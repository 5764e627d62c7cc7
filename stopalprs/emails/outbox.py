"""The development outbox: emails are written to files and listed at ``/dev/outbox/``.

So that ``make run`` works with no mail server, and a newcomer can open the confirmation
email and click its link. Never used in production (``EMAIL_URL`` names a real server).
"""

from __future__ import annotations

from collections.abc import Sequence
from email import policy
from email.message import EmailMessage as StdlibMessage
from email.parser import BytesParser
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.message import EmailMessage
from django.utils import timezone


def outbox_dir() -> Path | None:
    """The outbox folder if the default mailer is the development outbox."""
    config = settings.MAILERS.get("default", {})
    if config.get("BACKEND") != f"{__name__}.OutboxBackend":
        return None
    return Path(config["OPTIONS"]["path"])


class OutboxBackend(BaseEmailBackend):
    def __init__(self, *, path: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.path = Path(path)

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        folder = self.path
        folder.mkdir(parents=True, exist_ok=True)
        for n, message in enumerate(email_messages):
            stamp = timezone.now().strftime("%Y%m%d-%H%M%S-%f")
            (folder / f"{stamp}-{n}.eml").write_bytes(message.message().as_bytes())
        return len(email_messages)


def read_outbox(limit: int = 50) -> list[StdlibMessage]:
    """The newest messages first, parsed."""
    folder = outbox_dir()
    if folder is None or not folder.exists():
        return []
    paths = sorted(folder.glob("*.eml"), reverse=True)[:limit]
    parser = BytesParser(policy=policy.default)
    return [parser.parsebytes(path.read_bytes()) for path in paths]  # type: ignore[misc]
