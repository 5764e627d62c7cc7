"""API tokens: made once, stored hashed, scoped, audited, rate-limited."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from stopalprs.actions import limits
from stopalprs.api.models import ApiToken, Scope
from stopalprs.audit import services as audit

# last_used_at is written at most this often: not a write per request.
USED_RESOLUTION = timedelta(minutes=5)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def create_token(*, actor: Any, name: str, scopes: list[str]) -> tuple[ApiToken, str]:
    """A new token and its secret, which is never stored and cannot be shown again."""
    unknown = set(scopes) - set(Scope.values)
    if unknown:
        raise ValueError(f"unknown scopes: {', '.join(sorted(unknown))}")
    secret = "sa_" + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        name=name,
        prefix=secret[:10],
        digest=_digest(secret),
        scopes=sorted(set(scopes)),
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    audit.record(
        actor,
        "api_token.created",
        object_type="api_token",
        ref=token.prefix,
        detail=f"API token '{name}' created with scopes {', '.join(token.scopes) or '-'}",
    )
    return token, secret


@transaction.atomic
def revoke_token(*, actor: Any, token: ApiToken) -> None:
    ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())
    audit.record(
        actor,
        "api_token.revoked",
        object_type="api_token",
        ref=token.prefix,
        detail=f"API token '{token.name}' revoked",
    )


def authenticate(secret: str | None) -> ApiToken | None:
    if not secret:
        return None
    token = ApiToken.objects.filter(digest=_digest(secret), revoked_at__isnull=True).first()
    if token is not None and (
        token.last_used_at is None or timezone.now() - token.last_used_at > USED_RESOLUTION
    ):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token


def audit_read(token: ApiToken, *, what: str, ref: str, count: int) -> None:
    """The audit entry for an API read of personal data: the token stands for the staff
    member who made it (it is named by its prefix and its name)."""
    audit.record(
        token.created_by,
        "people.read_by_api",
        actor_name=f"API token {token.prefix}… ({token.name})",
        object_type=what,
        ref=ref[:100],
        count=count,
        detail=f"read through the API: {count} {what} record(s)",
    )


def over_limit(token: ApiToken) -> int:
    """At most API_REQUESTS_PER_MINUTE requests a minute per token (the one rate limiter,
    counted across every web process). 0 if this request is within it, else about how many
    seconds until it would be (for Retry-After)."""
    return limits.over(f"api:{token.pk}", limits.Limit(settings.API_REQUESTS_PER_MINUTE, 60))


def tools_reading_people() -> list[str]:
    """The names of live tokens that may read people (for the privacy page)."""
    live = ApiToken.objects.filter(revoked_at__isnull=True)
    return [token.name for token in live if token.allows(Scope.PEOPLE)]
