"""Bounces and complaints reported by an email service (through django-anymail's tracking
webhooks) put the address on the suppression list."""

from __future__ import annotations

from typing import Any

from anymail.signals import AnymailTrackingEvent, tracking
from django.dispatch import receiver

from stopalprs.updates.models import Suppression
from stopalprs.updates.services import suppress_address

REASONS = {
    "bounced": Suppression.Reason.BOUNCED,
    "rejected": Suppression.Reason.BOUNCED,
    "complained": Suppression.Reason.COMPLAINED,
    "unsubscribed": Suppression.Reason.UNSUBSCRIBED,
}


@receiver(tracking)
def on_tracking_event(sender: Any, event: AnymailTrackingEvent, esp_name: str, **_: Any) -> None:
    reason = REASONS.get(event.event_type or "")
    if reason and event.recipient:
        suppress_address(email=event.recipient, reason=reason)
