"""Signed links that let a person manage their data without an account."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.urls import reverse

from stopalprs.actions import identity
from stopalprs.lib.http import absolute_url

MANAGE_SALT = "stopalprs.privacy.manage"


def manage_token(email: str) -> str:
    """A token naming the mailbox by its blind index: the address itself is not in the URL."""
    index = identity.email_index(email)
    return signing.TimestampSigner(salt=MANAGE_SALT).sign(index)


def manage_url(email: str) -> str:
    return absolute_url(reverse("privacy:manage", args=[manage_token(email)]))


def read_manage_token(token: str) -> str:
    """The blind index the token names; raises ``signing.BadSignature`` if forged or expired."""
    max_age = timedelta(days=settings.MANAGE_LINK_MAX_AGE_DAYS)
    return signing.TimestampSigner(salt=MANAGE_SALT).unsign(token, max_age=max_age)
