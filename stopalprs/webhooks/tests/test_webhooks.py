"""Outgoing webhooks, delivered over real HTTP to a receiver on 127.0.0.1."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from standardwebhooks.webhooks import Webhook

from stopalprs.organizing.services import confirm_organizer, confirmation_token
from stopalprs.privacy.services import erase_data, withdraw_signature
from stopalprs.signatures.models import Signature
from stopalprs.signatures.services import confirm_signature, sign_petition
from stopalprs.signatures.tokens import confirmation_token as signature_token
from stopalprs.updates.services import declare_victory
from stopalprs.webhooks import services
from stopalprs.webhooks.models import Delivery, Endpoint, Event
from stopalprs.webhooks.tasks import requeue_stalled_webhooks

pytestmark = pytest.mark.django_db


@dataclass
class Receiver:
    url: str
    # What to answer next, in turn; then 204 for ever.
    replies: list[int] = field(default_factory=list)
    delay: float = 0.0
    # Called while the delivery is being sent, before the reply (from the server's thread).
    during: Any = None
    received: list[tuple[dict[str, str], bytes]] = field(default_factory=list)


@pytest.fixture
def receiver(settings: Any) -> Iterator[Receiver]:
    settings.WEBHOOK_ALLOW_HTTP = True  # a receiver on loopback, as in development
    state = Receiver(url="")

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            state.received.append(({k.lower(): v for k, v in self.headers.items()}, body))
            time.sleep(state.delay)
            if state.during is not None:
                state.during()
            self.send_response(state.replies.pop(0) if state.replies else 204)
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.url = f"http://127.0.0.1:{server.server_address[1]}/hook"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield state
    server.shutdown()
    server.server_close()


def endpoint(url: str, *events: str, personal: bool = False) -> Endpoint:
    return services.create_endpoint(
        actor=AnonymousUser(),
        name="crm",
        url=url,
        events=list(events or [Event.SIGNATURE_CONFIRMED]),
        personal_data=personal,
    )


def signed_and_confirmed(campaign: Any) -> Signature:
    outcome = sign_petition(
        campaign=campaign,
        first_name="Alice",
        last_name="Liddell",
        email="alice@example.org",
        zip_code="94110",
        state="CA",
        district="CA-11",
        comment="Not here.",
    )
    signature = Signature.objects.get(pk=outcome.signature_id)
    confirm_signature(token=signature_token(signature.public_id))
    return signature


def test_a_confirmed_signature_is_posted_signed_and_without_personal_data_by_default(
    campaign, receiver, tasks
):
    hook = endpoint(receiver.url)
    signature = signed_and_confirmed(campaign)
    confirm_signature(token=signature_token(signature.public_id))  # again: still one event
    tasks()
    [(headers, body)] = receiver.received
    # Any Standard Webhooks library accepts the delivery with the endpoint's secret...
    payload = Webhook(hook.secret).verify(body, headers)
    assert payload["type"] == "signature.confirmed"
    assert headers["idempotency-key"] == headers["webhook-id"] == payload["id"]
    # ...and refuses it with another secret or a changed body.
    with pytest.raises(Exception, match="signature"):
        Webhook(services.new_secret()).verify(body, headers)
    with pytest.raises(Exception, match="signature"):
        Webhook(hook.secret).verify(body.replace(b"CA-11", b"CA-12"), headers)
    data = payload["data"]
    assert data["osdi:signature"]["identifiers"] == [f"stopalprs:{signature.public_id}"]
    assert data["osdi:petition"]["total_signatures"] == 1
    assert (
        data["osdi:signature"]["_embedded"]["osdi:person"]["postal_addresses"][0]["postal_code"]
        == "94110"
    )
    assert b"alice" not in body.lower() and b"Not here" not in body
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.response_status, delivery.attempts) == ("delivered", 204, 1)


def test_personal_fields_go_only_to_an_endpoint_allowed_them(campaign, receiver, tasks):
    endpoint(receiver.url, personal=True)
    signed_and_confirmed(campaign)
    tasks()
    person = json.loads(receiver.received[0][1])["data"]["osdi:signature"]["_embedded"][
        "osdi:person"
    ]
    assert person["email_addresses"][0]["address"] == "alice@example.org"
    assert (person["given_name"], person["family_name"]) == ("Alice", "Liddell")


def test_failures_are_retried_with_backoff_under_the_same_id(campaign, receiver, tasks, settings):
    settings.WEBHOOK_TIMEOUT_SECONDS = 1
    receiver.replies = [500]
    endpoint(receiver.url)
    signed_and_confirmed(campaign)
    tasks()
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.last_error) == ("queued", 1, "HTTP 500")
    assert delivery.next_attempt_at > timezone.now() + services.backoff(1) / 2
    tasks()  # the retry is not due yet
    assert len(receiver.received) == 1
    # Time passes: the retry runs, and the receiver is slow this time (past the timeout).
    receiver.delay = 1.5
    DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())
    tasks()
    delivery.refresh_from_db()
    assert (delivery.attempts, delivery.last_error) == (2, "ReadTimeout")
    receiver.delay = 0
    DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())
    tasks()
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("delivered", 3)
    ids = {headers["webhook-id"] for headers, _ in receiver.received}
    assert len(receiver.received) == 3 and ids == {str(delivery.key)}


def test_a_delivery_gives_up_after_its_last_attempt(campaign, receiver, tasks):
    receiver.replies = [410]
    endpoint(receiver.url)
    signed_and_confirmed(campaign)
    Delivery.objects.update(attempts=services.MAX_ATTEMPTS - 1)
    tasks()
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.response_status) == ("failed", 410)


def test_a_record_erased_before_sending_is_never_sent(campaign, receiver, tasks):
    endpoint(receiver.url, personal=True)
    signature = signed_and_confirmed(campaign)
    erase_data(email_index=signature.email_index or "")
    tasks()
    assert receiver.received == []
    assert Delivery.objects.get().status == "dropped"


def test_organizer_and_victory_events_reach_only_endpoints_that_want_them(
    campaign, receiver, tasks, dana
):
    from stopalprs.organizing.models import Organizer
    from stopalprs.organizing.services import submit_intake

    endpoint(receiver.url, Event.ORGANIZER_CONFIRMED, Event.CAMPAIGN_WON)
    submit_intake(**dana)
    organizer = Organizer.objects.get()
    confirm_organizer(token=confirmation_token(organizer))
    declare_victory(
        actor=AnonymousUser(), campaign=campaign, message="We won.", subject="Won", notify=False
    )
    declare_victory(
        actor=AnonymousUser(), campaign=campaign, message="We won!", subject="Won", notify=False
    )
    signed = (
        sign_petition(
            campaign=campaign,
            first_name="A",
            last_name="B",
            email="b@example.org",
            zip_code="94110",
            state="CA",
        )
        if campaign.accepts_signatures
        else None
    )
    assert signed is None  # a won campaign takes no signatures, so no signature event either
    tasks()
    types = sorted(json.loads(body)["type"] for _, body in receiver.received)
    assert types == ["campaign.won", "organizer.confirmed"]
    won = next(json.loads(b) for _, b in receiver.received if b"campaign.won" in b)
    assert won["data"]["victory_message"] == "We won!"


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("reply", [204, 500])
def test_a_delivery_deleted_while_it_is_being_sent_is_not_a_crash(campaign, receiver, tasks, reply):
    """Staff delete a delivery from its log, or its endpoint, while a worker is sending it:
    the outcome has nowhere to go, and the worker carries on (no retry of a deleted row)."""

    def delete_it() -> None:
        Delivery.objects.all().delete()
        connection.close()  # the server thread's own connection

    receiver.replies = [reply]
    receiver.during = delete_it
    endpoint(receiver.url)
    signed_and_confirmed(campaign)
    [delivery_id] = Delivery.objects.values_list("pk", flat=True)
    waiting = DBTaskResult.objects.filter(
        status="READY", task_path__endswith="deliver_webhook", args_kwargs__args=[delivery_id]
    )
    assert waiting.count() == 1  # the task emit() queued; this test sends it by hand
    assert services.deliver(delivery_id=delivery_id) == ("sent" if reply == 204 else "retry")
    assert len(receiver.received) == 1
    assert not Delivery.objects.exists()
    assert waiting.count() == 1  # no retry scheduled for a row that is gone


def test_plain_http_receivers_are_refused_in_production(settings):
    settings.WEBHOOK_ALLOW_HTTP = False
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        endpoint("http://crm.example.org/hook")
    assert endpoint("https://crm.example.org/hook").secret.startswith("whsec_")


def test_a_delivery_whose_task_was_lost_is_sent_by_the_sweeper(campaign, receiver, tasks):
    endpoint(receiver.url)
    signed_and_confirmed(campaign)
    DBTaskResult.objects.all().delete()  # the task lost in a crash; the row is still queued
    assert services.requeue_stalled() == 0  # too recent to call stalled
    Delivery.objects.update(next_attempt_at=timezone.now() - timedelta(minutes=6))
    requeue_stalled_webhooks.enqueue()
    tasks()
    assert len(receiver.received) == 1
    assert Delivery.objects.get().status == "delivered"


def _bodies(receiver: Receiver) -> list[dict[str, Any]]:
    return [json.loads(body) for _, body in receiver.received]


def test_tools_given_personal_data_are_told_when_the_signer_withdraws(campaign, receiver, tasks):
    personal = endpoint(receiver.url, personal=True)
    endpoint(receiver.url)  # counts only: it holds no one's name, so there is nothing to undo
    signature = signed_and_confirmed(campaign)
    tasks()
    identifier = f"stopalprs:{signature.public_id}"
    assert len(receiver.received) == 2
    receiver.received.clear()
    assert withdraw_signature(
        email_index=signature.email_index or "", public_id=str(signature.public_id)
    )
    tasks()
    [(headers, body)] = receiver.received
    payload = Webhook(personal.secret).verify(body, headers)  # signed like any delivery
    assert payload["type"] == "signature.withdrawn"
    assert payload["data"] == {
        "osdi:records": {"identifiers": [identifier], "origin_system": "stopalprs"}
    }
    assert b"alice" not in body.lower()


def test_an_erasure_reaches_every_tool_that_got_the_persons_records(campaign, receiver, tasks):
    personal = endpoint(receiver.url, Event.SIGNATURE_CONFIRMED, personal=True)
    signature = signed_and_confirmed(campaign)
    tasks()
    assert len(receiver.received) == 1
    assert erase_data(email_index=signature.email_index or "")
    tasks()
    assert len(receiver.received) == 2
    headers, body = receiver.received[1]
    payload = Webhook(personal.secret).verify(body, headers)
    assert payload["type"] == "person.erased"
    assert payload["data"]["osdi:records"]["identifiers"] == [f"stopalprs:{signature.public_id}"]
    assert Delivery.objects.filter(event="person.erased").get().status == "delivered"


def test_a_tool_that_subscribed_to_erasures_hears_of_them_without_personal_data(
    campaign, receiver, tasks
):
    endpoint(receiver.url, Event.PERSON_ERASED)
    signature = signed_and_confirmed(campaign)
    erase_data(email_index=signature.email_index or "")
    tasks()
    [body] = _bodies(receiver)
    assert body["type"] == "person.erased"
    assert body["data"]["osdi:records"]["identifiers"] == [f"stopalprs:{signature.public_id}"]


def test_a_tool_never_sent_the_record_is_not_told_of_its_erasure(campaign, receiver, tasks):
    endpoint(receiver.url, personal=True)
    signature = signed_and_confirmed(campaign)  # its delivery not yet attempted
    erase_data(email_index=signature.email_index or "")
    tasks()
    assert receiver.received == []
    assert list(Delivery.objects.values_list("event", "status")) == [
        ("signature.confirmed", "dropped")
    ]
