"""Signed, expiring tokens for links in emails: no token table to look up or leak."""

from __future__ import annotations

import uuid
from datetime import timedelta

from django.conf import settings
from django.core import signing

CONFIRM_SALT = "stopalprs.signatures.confirm"


def confirmation_token(public_id: uuid.UUID) -> str:
    return signing.TimestampSigner(salt=CONFIRM_SALT).sign(public_id.hex)


def read_confirmation_token(token: str) -> uuid.UUID:
    """The signature's public id; raises ``signing.BadSignature`` (or its subclass
    ``SignatureExpired``) for a forged, damaged or expired token."""
    max_age = timedelta(days=settings.CONFIRMATION_MAX_AGE_DAYS)
    value = signing.TimestampSigner(salt=CONFIRM_SALT).unsign(token, max_age=max_age)
    try:
        return uuid.UUID(hex=value)
    except ValueError:
        raise signing.BadSignature("not a signature id") from None
