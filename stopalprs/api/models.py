from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class Scope(models.TextChoices):
    AGGREGATES = "aggregates", "Read campaigns and counts"
    PEOPLE = "people", "Read people and their signatures"
    WRITE_SIGNATURES = "write_signatures", "Record signatures (they still confirm by email)"
    CONFIRM_SIGNATURES = (
        "confirm_signatures",
        ("Record signatures as already confirmed (for a tool that verified the address)"),
    )


class ApiToken(models.Model):
    """A key for the API. Only its SHA-256 is stored: the token itself is shown once."""

    name = models.CharField(max_length=100, help_text="Who or what uses it.")
    # The first characters, so staff can tell tokens apart in lists and logs.
    prefix = models.CharField(max_length=12, editable=False)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    scopes = models.JSONField(default=list)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        permissions = [("manage_integrations", "Can manage API tokens and webhooks")]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    def allows(self, scope: str) -> bool:
        return scope in self.scopes
