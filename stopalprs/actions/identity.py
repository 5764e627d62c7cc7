"""Who an action is from, as far as we need to know: one email address, checked one way,
found again by its blind index. Every door (form, API, import, paper) uses these, so two
spellings of one mailbox are one person everywhere."""

from __future__ import annotations

from functools import lru_cache

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _

from stopalprs.lib import crypto
from stopalprs.lib.memo import forgettable

EMAIL_MAX = 254


def check_email(email: str) -> str:
    """The address as it will be stored (surrounding spaces dropped), or ValidationError.
    The same rule as the sign form's ``EmailField``, for the doors that have no form."""
    email = email.strip()
    if not email:
        raise ValidationError(_("Enter an email address."), code="required")
    if len(email) > EMAIL_MAX:
        raise ValidationError(_("Enter a valid email address."), code="invalid")
    validate_email(email)
    return email


def email_index(email: str) -> str:
    """The blind index of an address's canonical form: what finds a person's records."""
    return crypto.blind_index(crypto.canonical_email(email))


def email_domain(email: str) -> str:
    """The domain, for the integrity checks and the trends staff see (lower case, capped)."""
    return email.rpartition("@")[2].strip().lower()[:100]


KNOWN_DOMAINS = [
    "gmail.com",
    "yahoo.com",
    "hotmail.com",
    "outlook.com",
    "icloud.com",
    "aol.com",
    "comcast.net",
    "protonmail.com",
    "proton.me",
    "live.com",
    "msn.com",
    "att.net",
    "verizon.net",
    "sbcglobal.net",
    "ymail.com",
    "me.com",
]


def _distance(a: str, b: str) -> int:
    """Optimal string alignment distance: a swapped pair of letters counts as one typo."""
    d = [[i + j if i * j == 0 else 0 for j in range(len(b) + 1)] for i in range(len(a) + 1)]
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            cost = a[i - 1] != b[j - 1]
            d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
    return d[-1][-1]


def suggest_email(email: str) -> str | None:
    """``alice@gmial.com`` → ``alice@gmail.com``; None when the domain looks right."""
    local, _at, domain = email.rpartition("@")
    fixed = _suggest_domain(domain.lower())
    return f"{local}@{fixed}" if local and fixed else None


@lru_cache(maxsize=4096)
def _suggest_domain(domain: str) -> str | None:
    if domain in KNOWN_DOMAINS:
        return None
    # Only domains of about the same length can be two typos away.
    near = [k for k in KNOWN_DOMAINS if abs(len(k) - len(domain)) <= 2]
    best = min(near, key=lambda known: _distance(domain, known), default=None)
    if best is not None and 0 < _distance(domain, best) <= 2:
        return best
    return None


forgettable(_suggest_domain.cache_clear)
