"""Who sent an action, as far as abuse control needs to know: never the address itself.

The day's hash of the client address (HMAC under a random key of the day, destroyed after
IP_HASH_RETENTION_DAYS by the retention job) is what the rate limits count on and what a
signature keeps for a week. Raw addresses are never stored or logged.
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import date

from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone

from stopalprs.lib.http import client_ip
from stopalprs.lib.memo import forgettable
from stopalprs.privacy.models import DailyKey

_KEYS: dict[date, str] = {}
forgettable(_KEYS.clear)


def _todays_key(day: date) -> str:
    # Kept in the process for the day: one query a day instead of one per signature. Only
    # today's key is ever kept, so destroying old keys in the database destroys them here too.
    if day in _KEYS:
        return _KEYS[day]
    _KEYS.clear()
    _KEYS[day] = _load_key(day)
    return _KEYS[day]


def _load_key(day: date) -> str:
    key = DailyKey.objects.filter(day=day).values_list("key", flat=True).first()
    if key is None:
        try:
            with transaction.atomic():
                key = DailyKey.objects.create(day=day).key
        except IntegrityError:  # another process made today's key first
            key = DailyKey.objects.get(day=day).key
    return key


def request_ip_hash(request: HttpRequest) -> str:
    """The request's client address as the throttles know it: the day's hash, never the
    address (django-axes reads it through AXES_CLIENT_IP_CALLABLE)."""
    return hash_ip(client_ip(request)) or "unknown"


def hash_ip(address: str, *, day: date | None = None) -> str:
    """An abuse-control signal for ``address`` that nobody can reverse after a week.

    HMAC under a random key of the day; the raw address is never stored or logged. Once
    the day's key is destroyed (``enforce_retention``), its hashes can no longer be linked to
    any address, and hashes of different days never match each other.
    """
    if not address:
        return ""
    day = day or timezone.now().date()
    key = _todays_key(day)
    return hmac.new(bytes.fromhex(key), address.encode(), hashlib.sha256).hexdigest()
