"""A public comment from the form to the city's inbox (a real SMTP server), exactly once."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from stopalprs.actions import kinds
from stopalprs.actions.identity import email_index
from stopalprs.fights import comments
from stopalprs.fights.models import CityDelivery, Comment, Fight, Tally

pytestmark = pytest.mark.django_db

FORM = {
    "position": "oppose",
    "body": "Yo vivo aquí y no quiero que me sigan las cámaras.",
    "name": "Rosa Díaz",
    "zip_code": "62701",
    "resident": "on",
    "email": "rosa@example.org",
    "consent": "on",
}


def _link(message, prefix: str) -> str:
    text = message.get_body(("plain",)).get_content()
    found = re.search(rf"https?://\S+?({re.escape(prefix)}\S+)", text)
    assert found is not None, text
    return found.group(1)


def _comment_in_spanish(client, meeting):
    url = f"/es{meeting.get_absolute_url()}"
    response = client.post(url, FORM)
    assert response.status_code == 302, response.content.decode()[:2000]
    return Comment.objects.get()


def test_a_comment_in_spanish_reaches_the_city_once_with_a_receipt(
    client, meeting, smtp_server, tasks
):
    comment = _comment_in_spanish(client, meeting)
    assert comment.language == "es" and comment.confirmed_at is None
    tasks()
    [confirm] = smtp_server.messages
    assert confirm["To"] == "rosa@example.org"
    assert "Confirma" in confirm["Subject"] or "comentario" in confirm["Subject"]
    path = _link(confirm, "/es/fights/comment/")
    # Opening the link confirms nothing (mail scanners open links); the button does.
    assert client.get(path).status_code == 200
    assert Comment.objects.get().confirmed_at is None
    assert client.post(path).status_code == 200
    client.post(path)  # a second press: nothing more is sent
    tasks()
    tasks()
    to_city = [m for m in smtp_server.messages if m["To"] == meeting.comment_email]
    assert len(to_city) == 1
    text = to_city[0].get_body(("plain",)).get_content()
    assert "Rosa Díaz" in text and FORM["body"] in text and "ZIP 62701" in text
    assert "rosa@example.org" not in to_city[0].as_string()  # the address stays with us
    receipts = [m for m in smtp_server.messages if m["To"] == "rosa@example.org"][1:]
    assert len(receipts) == 1
    assert meeting.comment_email in receipts[0].get_body(("plain",)).get_content()
    delivery = CityDelivery.objects.get()
    assert delivery.status == "sent" and delivery.comment_count == 1 and len(delivery.digest) == 64


def test_the_word_limit_is_the_citys_and_the_text_is_kept(client, meeting):
    response = client.post(meeting.get_absolute_url(), {**FORM, "body": "word " * 51})
    assert response.status_code == 400
    page = response.content.decode()
    assert "up to 50 words" in page and "1 word too long" in page
    assert "word word" in page  # what they wrote is still in the box
    assert not Comment.objects.exists()


def test_a_comment_past_the_deadline_is_refused_with_what_to_do_instead(client, meeting):
    meeting.comment_deadline = timezone.now() - timedelta(minutes=1)
    meeting.save()
    response = client.post(meeting.get_absolute_url(), FORM)
    assert response.status_code == 409
    page = response.content.decode()
    assert "deadline for written comments has passed" in page
    assert "speak" in page and f"/fights/{meeting.fight.slug}/contact/" in page
    assert not Comment.objects.exists()


def test_confirming_after_the_deadline_sends_nothing_and_says_so(client, meeting, outbox, tasks):
    _comment_in_spanish(client, meeting)
    comment = Comment.objects.get()
    meeting.comment_deadline = timezone.now() - timedelta(minutes=1)
    meeting.save()
    response = client.post(f"/fights/comment/{comments.comment_token(comment)}/")
    assert "deadline passed before you confirmed" in response.content.decode()
    assert not CityDelivery.objects.exists()


def test_a_delivery_after_the_meeting_began_is_dropped_and_the_writer_told(
    client, meeting, smtp_server, tasks
):
    comment = _comment_in_spanish(client, meeting)
    comments.confirm_comment(comment)
    type(meeting).objects.filter(pk=meeting.pk).update(starts_at=timezone.now())
    tasks()
    assert CityDelivery.objects.get().status == CityDelivery.Status.LATE
    assert not [m for m in smtp_server.messages if m["To"] == meeting.comment_email]
    last = [m for m in smtp_server.messages if m["To"] == "rosa@example.org"][-1]
    assert "No pudimos" in last["Subject"] or "could not" in last["Subject"].lower()


def test_a_packet_holds_each_comment_once(meeting):
    meeting.fight.delivery = Fight.Delivery.PACKET
    meeting.fight.save()
    for n in range(3):
        comments.submit_comment(
            meeting=meeting, email=f"p{n}@example.org", name=f"P {n}", body="No.", position="oppose"
        )
    for c in Comment.objects.all():
        comments.confirm_comment(c)
    assert not CityDelivery.objects.exists()  # not before the packet's time
    later = meeting.comment_deadline - timedelta(minutes=30)
    assert comments.send_packets(now=later) == 1
    assert comments.send_packets(now=later) == 0  # nothing left to put in a second one
    assert CityDelivery.objects.get().comment_count == 3


def test_a_second_comment_replaces_an_unconfirmed_one_and_not_a_confirmed_one(meeting):
    args = {"meeting": meeting, "email": "x@example.org", "name": "X", "position": "oppose"}
    comments.submit_comment(body="first", **args)
    comments.submit_comment(body="second", **args)
    assert Comment.objects.get().body == "second"
    comments.confirm_comment(Comment.objects.get())
    comments.submit_comment(body="third", **args)
    assert Comment.objects.get().body == "second"


def test_a_portal_city_gets_the_text_back_and_we_keep_only_a_count(client, meeting):
    meeting.comment_email = ""
    meeting.comment_portal_url = "https://example.org/ecomment"
    meeting.save()
    response = client.post(meeting.get_absolute_url(), {"body": "Vote no, please."})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Vote no, please." in page and "https://example.org/ecomment" in page
    assert not Comment.objects.exists()
    assert Tally.objects.filter(channel=Tally.Channel.PORTAL).count() == 1


def test_manage_my_data_exports_and_erases_a_comment(meeting):
    comments.submit_comment(
        meeting=meeting, email="e@example.org", name="E", body="mine", position="oppose"
    )
    index = email_index("e@example.org")
    exported = kinds.export(index)["public_comments"]
    assert exported[0]["words"] == "mine"
    assert kinds.erase(index).count >= 1
    assert not Comment.objects.exists()
