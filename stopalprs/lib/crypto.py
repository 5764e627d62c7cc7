"""Encryption of personal data at rest, and blind indexes to find it again.

Built on ``cryptography``'s Fernet (AES-128-CBC with HMAC-SHA256, authenticated) through
MultiFernet, which gives key rotation for free: the first key in ``FIELD_ENCRYPTION_KEYS``
encrypts, every key decrypts, and ``rotate()`` re-encrypts an old token under the first key.

Equality look-ups (has this address signed?) cannot use ciphertext, which is randomised, so
each encrypted email also gets a *blind index*: an HMAC of its canonical form under a separate
key (``BLIND_INDEX_KEY``). The index reveals nothing without that key, and stays stable across
rotations of the encryption keys.
"""

from __future__ import annotations

import hashlib
import hmac
import unicodedata
from functools import cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings

__all__ = ["InvalidToken", "blind_index", "canonical_email", "decrypt", "encrypt", "rotate"]

# Providers where dots in the local part are ignored and "+tag" is an alias: without folding
# these, one person could sign many times as j.o.h.n@… and john+1@….
DOTLESS_DOMAINS = {"gmail.com"}
DOMAIN_ALIASES = {"googlemail.com": "gmail.com"}


@cache
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(key) for key in keys])


def fernet() -> MultiFernet:
    return _fernet(tuple(settings.FIELD_ENCRYPTION_KEYS))


def encrypt(plaintext: str) -> str:
    return fernet().encrypt(plaintext.encode()).decode("ascii")


def decrypt(token: str) -> str:
    return fernet().decrypt(token.encode("ascii")).decode()


def rotate(token: str) -> str:
    """Re-encrypt ``token`` under the newest key (a no-op in effect if it already is)."""
    return fernet().rotate(token.encode("ascii")).decode("ascii")


def canonical_email(address: str) -> str:
    """The form under which two spellings of one mailbox compare equal."""
    address = unicodedata.normalize("NFKC", address).strip().lower()
    local, sep, domain = address.rpartition("@")
    if not sep:
        return address
    domain = DOMAIN_ALIASES.get(domain, domain)
    if domain in DOTLESS_DOMAINS:
        local = local.split("+", 1)[0].replace(".", "")
    return f"{local}@{domain}"


def blind_index(value: str, *, purpose: str = "email") -> str:
    """A keyed hash of ``value`` for equality look-ups; ``purpose`` separates uses of one key."""
    key = settings.BLIND_INDEX_KEY.encode()
    message = f"{purpose}\x00{value}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()
