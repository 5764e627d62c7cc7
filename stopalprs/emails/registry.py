"""Each kind of email names a builder that turns an ``Email`` row into a message.

Apps register their kinds at start-up (``AppConfig.ready``); the mail queue itself knows
nothing about signatures or organizers.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from stopalprs.emails.models import Email


@dataclass(frozen=True)
class Message:
    to: str
    template: str  # templates/emails/<template>-subject.txt, -body.txt, -body.html
    context: dict[str, Any]
    headers: dict[str, str] = field(default_factory=dict)
    language: str = "en"
    # The text asks the person to write back: Reply-To is REPLY_TO_EMAIL, and the templates
    # see it as ``reply_to`` (empty when none is configured: then they must not ask).
    invites_reply: bool = False


Builder = Callable[["Email"], Message | None]
BUILDERS: dict[str, Builder] = {}


def email_kind(kind: str) -> Callable[[Builder], Builder]:
    def register(builder: Builder) -> Builder:
        BUILDERS[kind] = builder
        return builder

    return register
