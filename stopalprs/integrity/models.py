from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class TrendAlert(models.Model):
    """One address hash or email domain that signed a campaign unusually often in one hour."""

    class Kind(models.TextChoices):
        IP = "ip", _("Address hash")
        DOMAIN = "domain", _("Email domain")

    campaign = models.ForeignKey("campaigns.Campaign", on_delete=models.CASCADE)
    hour = models.DateTimeField()
    kind = models.CharField(max_length=10, choices=Kind)
    value = models.CharField(max_length=100)
    count = models.PositiveIntegerField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-hour", "-count"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "hour", "kind", "value"], name="one_alert_per_hour"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.value}: {self.count} at {self.hour:%Y-%m-%d %H}:00"


class BulkAction(models.Model):
    """Staff invalidating (or clearing) many signatures at once, by criteria. Undoable."""

    class Kind(models.TextChoices):
        INVALIDATE = "invalidate", _("Invalidate")
        CLEAR = "clear", _("Clear")

    campaign = models.ForeignKey("campaigns.Campaign", on_delete=models.CASCADE)
    kind = models.CharField(max_length=10, choices=Kind)
    criteria = models.JSONField()
    reason = models.CharField(max_length=300)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    count = models.PositiveIntegerField()
    created_at = models.DateTimeField(default=timezone.now)
    undone_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.kind} {self.count} ({self.reason})"
