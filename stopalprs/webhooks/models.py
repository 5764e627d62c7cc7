"""Outgoing webhooks: endpoints staff register, and the log of every delivery to them."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone

from stopalprs.lib import events
from stopalprs.lib.fields import EncryptedTextField


class Event(models.TextChoices):
    SIGNATURE_CONFIRMED = events.SIGNATURE_CONFIRMED, "A signature was confirmed"
    SIGNATURE_WITHDRAWN = events.SIGNATURE_WITHDRAWN, "A signer withdrew their signature"
    ORGANIZER_CONFIRMED = events.ORGANIZER_CONFIRMED, "An organizer confirmed their sign-up"
    PERSON_ERASED = events.PERSON_ERASED, "A person erased their records"
    CAMPAIGN_WON = events.CAMPAIGN_WON, "A campaign was won"


# Sent to every endpoint that was given personal data about the records concerned, whether
# it subscribed or not: a tool that holds a copy must be told to delete it.
ERASURES = frozenset({Event.SIGNATURE_WITHDRAWN, Event.PERSON_ERASED})


class Endpoint(models.Model):
    """A URL that is told about events, signed with its own secret."""

    name = models.CharField(max_length=100, help_text="Who receives it (e.g. our CRM).")
    url = models.URLField(max_length=500)
    # Standard Webhooks secret ("whsec_" + base64): the receiver checks signatures with it.
    # Encrypted, because anyone holding it can forge deliveries.
    secret = EncryptedTextField()
    events = models.JSONField(default=list)
    # None: every campaign.
    campaign = models.ForeignKey(
        "campaigns.Campaign",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="webhook_endpoints",
    )
    # Names, email addresses and comments go out only to endpoints that staff allowed them.
    personal_data = models.BooleanField(default=False)
    active = models.BooleanField(default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name

    def wants(self, event: str, campaign_id: int | None) -> bool:
        if event not in self.events:
            return False
        return self.campaign_id is None or campaign_id is None or self.campaign_id == campaign_id


class Delivery(models.Model):
    """One event for one endpoint: the durable half of the webhook queue, and its log.

    The body is built when it is sent, from the record the event is about, so this row holds
    no personal data; a record erased before sending is not sent at all.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        DELIVERED = "delivered", "Delivered"
        FAILED = "failed", "Failed for good"
        DROPPED = "dropped", "Not sent: the record is gone"

    endpoint = models.ForeignKey(Endpoint, on_delete=models.CASCADE, related_name="deliveries")
    event = models.CharField(max_length=40, choices=Event)
    object_id = models.PositiveBigIntegerField()
    # For an erasure: the public identifiers of the records deleted (random ids naming no
    # one), because by the time it is sent the records are gone.
    identifiers = models.JSONField(default=list, blank=True)
    # Sent as webhook-id and Idempotency-Key; the same on every retry, so a receiver that
    # saw it once can ignore the repeat.
    key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    status = models.CharField(max_length=10, choices=Status, default=Status.QUEUED)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    lease_until = models.DateTimeField(null=True, blank=True)
    # What the receiver answered last: its HTTP status, or the error class that prevented one.
    response_status = models.PositiveSmallIntegerField(null=True, blank=True)
    last_error = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name_plural = "deliveries"
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="webhook_due_idx")]

    def __str__(self) -> str:
        return f"{self.event} → {self.endpoint} ({self.status})"
