"""How our emails' headers go on the wire.

Python folds a header line at 78 characters, and a header whose one "word" is longer (an
unsubscribe URL with its token) it writes as RFC 2047 encoded-words
(``=?utf-8?q?=3Chttps=3A//…``). That is fine for a Subject, but ``List-Unsubscribe`` is read by
machines: mail providers expect ``<https://…>`` as it is (RFC 2369) and offer no one-click
unsubscribe (RFC 8058) otherwise. Headers holding URLs are therefore written as they are,
on one line: RFC 5322 allows 998 characters, far more than our links need.
"""

from __future__ import annotations

import email.policy
from email.headerregistry import BaseHeader, HeaderRegistry, UnstructuredHeader
from email.message import EmailMessage
from email.policy import Policy
from typing import Any, cast

from django.core.mail import EmailMultiAlternatives

URL_HEADERS = ("list-unsubscribe", "list-unsubscribe-post", "list-help", "list-archive")
LONGEST_LINE = 998


class _VerbatimHeader(UnstructuredHeader):
    """Written as given on one line, when that line fits RFC 5322's limit. A mixin, as the
    registry's header kinds are: it makes each one a subclass of this and BaseHeader."""

    name: str

    def fold(self, *, policy: Policy) -> str:
        line = f"{self.name}: {self}"
        value = str(self)
        if len(line) > LONGEST_LINE or not value.isascii() or "\r" in value or "\n" in value:
            # As Python would: too long, or not ASCII.
            return BaseHeader.fold(cast(BaseHeader, self), policy=policy)
        return line + (policy.linesep or "\n")


_REGISTRY = HeaderRegistry(base_class=BaseHeader, default_class=UnstructuredHeader)
for _name in URL_HEADERS:
    _REGISTRY.map_to_type(_name, cast("type[BaseHeader]", _VerbatimHeader))


class SiteEmail(EmailMultiAlternatives):
    """Every email of the site: Django's, with URL headers kept whole (see above)."""

    def message(self, *, policy: Any = email.policy.default) -> EmailMessage:
        return super().message(policy=policy.clone(header_factory=_REGISTRY))
