"""Keeping the count honest without watching anyone: the integrity assessment every action
goes through, whatever its door.

Signals come only from what an action already carries: the day's address hash (or the API
token that sent it), the email domain, a honeypot field, an optional proof-of-work. None of
them blocks anyone: an action that trips one is stored as *suspect* (or *invalid*), the
person sees the same pages and gets the same email, and staff decide. Raw addresses are
never used or kept.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
from dataclasses import dataclass, field
from datetime import timedelta
from enum import StrEnum
from typing import Any

import altcha
from disposable_email_domains import blocklist as DISPOSABLE_DOMAINS
from django.conf import settings
from django.core.cache import caches
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from stopalprs.actions import limits
from stopalprs.actions.identity import email_domain


class Standing(models.TextChoices):
    """What the checks make of an action (``Signature.FraudState`` is this)."""

    # The person never sees any of these: pages and emails are the same in every state.
    OK = "ok", _("Counted")
    SUSPECT = "suspect", _("Suspect: not counted until staff clear it")
    INVALID = "invalid", _("Invalid: never counted")


OK, SUSPECT, INVALID = Standing.OK, Standing.SUSPECT, Standing.INVALID


class Door(StrEnum):
    """How an action reached us. The checks differ by door only where the door itself
    answers them: staff who copy a paper sheet or upload a CRM file are not a flood."""

    FORM = "form"  # a person at our web form: every check
    # A tool with a token: the domain checks as on the form. Not the per-sender limit: one
    # token speaks for many people (a CRM syncing), and the API limits its requests itself.
    API = "api"
    IMPORT = "import"  # a CRM file uploaded by staff: disposable domains
    PAPER = "paper"  # a paper sheet copied by staff: disposable domains


SENDER_LIMITED = {Door.FORM}
DOMAIN_LIMITED = {Door.FORM, Door.API}


def limits_for(overrides: dict[str, Any] | None) -> dict[str, tuple[int, int]]:
    """The rate limits (settings.RATE_LIMITS), with a campaign's own overrides."""
    merged = dict(settings.RATE_LIMITS)
    for name, value in (overrides or {}).items():
        if name in merged and isinstance(value, list | tuple) and len(value) == 2:
            merged[name] = (int(value[0]), int(value[1]))
    return merged


def rate_reasons(
    *, scope: str, overrides: dict[str, Any] | None, sender: str, domain: str
) -> list[str]:
    """Record one attempt under ``scope`` (a campaign), from ``sender`` (the day's address
    hash, or the API token) with an address at ``domain``; the limits it goes over."""
    subjects = [("ip", sender)] if sender else []
    if domain and domain not in settings.COMMON_EMAIL_DOMAINS:
        subjects.append(("domain", domain))
    configured = limits_for(overrides)
    counters = []
    for dimension, value in subjects:
        for kind in ("burst", "sustained"):
            limit, window = configured[f"{dimension}_{kind}"]
            counters.append((f"{dimension}_{kind}", limit, f"{scope}:{dimension}:{value}", window))
    counts = limits.hit(
        [(name, window) for _, _, name, window in counters], now=timezone.now().timestamp()
    )
    return [
        reason
        for (reason, limit, _, _), count in zip(counters, counts, strict=True)
        if count > limit
    ]


def altcha_key() -> str:
    return f"altcha:{settings.SECRET_KEY}"


def new_challenge() -> dict[str, Any]:
    """A proof-of-work challenge for the form's script (ALTCHA, self-hosted)."""
    challenge = altcha.create_challenge_v1(
        altcha.ChallengeOptionsV1(
            hmac_key=altcha_key(),
            max_number=settings.ALTCHA_MAX_NUMBER,
            expires=dt.datetime.now(tz=dt.UTC) + timedelta(minutes=30),
        )
    )
    return {
        "algorithm": challenge.algorithm,
        "challenge": challenge.challenge,
        "maxnumber": challenge.max_number,
        "salt": challenge.salt,
        "signature": challenge.signature,
    }


def proof_of_work(payload: str) -> str:
    """'none' (no JavaScript: fine), 'ok', or 'bad' (forged, expired or replayed)."""
    if not payload:
        return "none"
    try:
        ok, _error = altcha.verify_solution_v1(payload, altcha_key(), check_expires=True)
        signature = json.loads(base64.b64decode(payload))["signature"]
    except (ValueError, KeyError, TypeError):
        return "bad"
    if not ok:
        return "bad"
    # One solution, one action: a solved challenge replayed by a script is caught here.
    return "ok" if caches["limits"].add(f"altcha-used:{signature}", 1, timeout=3600) else "bad"


@dataclass(frozen=True)
class Proof:
    """What the door knows of the sender: the day's address hash (the form) or a token's
    (the API), the honeypot field and the proof-of-work (the form only)."""

    sender: str = ""
    honeypot: str = ""
    pow_payload: str = ""


NO_PROOF = Proof()


@dataclass
class Assessment:
    state: str = OK
    reasons: list[str] = field(default_factory=list)

    def flag(self, state: str, reason: str) -> None:
        self.reasons.append(reason)
        if state == INVALID or self.state == OK:
            self.state = state


def assess(
    *,
    door: Door,
    scope: str,
    overrides: dict[str, Any] | None = None,
    email: str,
    proof: Proof = NO_PROOF,
) -> Assessment:
    """The checks ``door`` gets, for one action with the address ``email``."""
    result = Assessment()
    domain = email_domain(email)
    if proof.honeypot:
        result.flag(INVALID, "honeypot")
    if door in DOMAIN_LIMITED:
        sender = proof.sender if door in SENDER_LIMITED else ""
        for reason in rate_reasons(scope=scope, overrides=overrides, sender=sender, domain=domain):
            result.flag(SUSPECT, reason)
    if domain and domain in DISPOSABLE_DOMAINS:
        result.flag(SUSPECT, "disposable")
    if proof_of_work(proof.pow_payload) == "bad":
        result.flag(SUSPECT, "bad_pow")
    return result
