"""Signed, expiring tokens naming a record by its public UUID: no token table to leak."""

from __future__ import annotations

import uuid
from datetime import timedelta

from django.core import signing


def make_token(public_id: uuid.UUID, *, salt: str) -> str:
    return signing.TimestampSigner(salt=salt).sign(public_id.hex)


def read_token(token: str, *, salt: str, max_age: timedelta) -> uuid.UUID:
    """The public id in ``token``; raises ``signing.BadSignature`` (or ``SignatureExpired``)
    for a forged, damaged or expired token."""
    value = signing.TimestampSigner(salt=salt).unsign(token, max_age=max_age)
    try:
        return uuid.UUID(hex=value)
    except ValueError:
        raise signing.BadSignature("not a record id") from None
