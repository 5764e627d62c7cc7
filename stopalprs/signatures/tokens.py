"""The link that confirms a signature."""

from __future__ import annotations

import uuid
from datetime import timedelta

from django.conf import settings

from stopalprs.lib.tokens import make_token, read_token

CONFIRM_SALT = "stopalprs.signatures.confirm"


def confirmation_token(public_id: uuid.UUID) -> str:
    return make_token(public_id, salt=CONFIRM_SALT)


def read_confirmation_token(token: str) -> uuid.UUID:
    max_age = timedelta(days=settings.CONFIRMATION_MAX_AGE_DAYS)
    return read_token(token, salt=CONFIRM_SALT, max_age=max_age)
