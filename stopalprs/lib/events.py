"""What happened, told to whoever listens: services publish, the webhooks app subscribes.

So a service that confirms a signature need not know that webhooks exist, and the webhooks
layer sits above the services it reports on. Subscribers run in the publisher's transaction
(the webhook outbox writes its rows there), so what a rolled-back change published is never
sent. Subscribers register in their app's ``AppConfig.ready``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

SIGNATURE_CONFIRMED = "signature.confirmed"
SIGNATURE_WITHDRAWN = "signature.withdrawn"
ORGANIZER_CONFIRMED = "organizer.confirmed"
PERSON_ERASED = "person.erased"
CAMPAIGN_WON = "campaign.won"


@dataclass(frozen=True)
class Record:
    """A record that is about to be deleted: its kind ("signature", "organizer"), key and
    public identifier, so that tools told about it can be told to delete their copies."""

    kind: str
    pk: int
    identifier: str


@dataclass(frozen=True)
class Happening:
    name: str
    object_id: int = 0
    campaign_id: int | None = None
    gone: tuple[Record, ...] = ()


Subscriber = Callable[[Happening], object]
_subscribers: list[Subscriber] = []


def subscribe(subscriber: Subscriber) -> Subscriber:
    if subscriber not in _subscribers:
        _subscribers.append(subscriber)
    return subscriber


def publish(
    name: str,
    *,
    object_id: int = 0,
    campaign_id: int | None = None,
    gone: tuple[Record, ...] = (),
) -> None:
    happening = Happening(name=name, object_id=object_id, campaign_id=campaign_id, gone=gone)
    for subscriber in _subscribers:
        subscriber(happening)
