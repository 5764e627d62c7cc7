"""Recording a vote: the board, the watch's timeline, the wins, and one result email each."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from stopalprs.emails.models import Email
from stopalprs.fights import alerts, services
from stopalprs.fights.models import Fight, Vote
from stopalprs.signatures.models import Signature
from stopalprs.watch.models import ContractAction, Follow
from stopalprs.watch.services import wins

pytestmark = pytest.mark.django_db


def _follow(place, email, language="en"):
    from stopalprs.actions.identity import email_index

    return Follow.objects.create(
        jurisdiction=place,
        email=email,
        email_index=email_index(email),
        confirmed_at=timezone.now(),
        language=language,
    )


def test_recording_a_vote_updates_the_board_the_watch_and_tells_followers_once(
    fight, meeting, campaign, smtp_server, tasks, staff_client
):
    place = fight.jurisdiction
    _follow(place, "f1@example.org")
    _follow(place, "f2@example.org", "es")
    # A local signer who asked for updates, and who also follows: one email, not two.
    _follow(place, "both@example.org")
    from stopalprs.actions.checks import Door
    from stopalprs.signatures.services import new_signature

    for email in ("both@example.org", "local@example.org"):
        signature = new_signature(
            campaign=campaign,
            door=Door.IMPORT,
            first_name="L",
            last_name="S",
            email=email,
            zip_code="62701",
            state="IL",
            send_updates=True,
            status=Signature.Status.CONFIRMED,
            confirmed_at=timezone.now(),
        )
        signature.save()
    members = list(fight.decision_makers.all())
    client = staff_client()
    form = {
        "decision": "not_renewed",
        "decided_on": timezone.now().date().isoformat(),
        "source_url": "https://example.org/minutes",
        "meeting": meeting.pk,
        "announce": "on",
        f"vote_{members[0].pk}": Vote.Choice.AGAINST,
        f"vote_{members[1].pk}": Vote.Choice.FOR,
    }
    response = client.post(f"/staff/fights/{fight.slug}/outcome/", form)
    assert response.status_code == 302
    board = {m: s for m, s in services.board(Fight.objects.get(pk=fight.pk)) if s is not None}
    assert board[members[0]].position == "opposes" and board[members[0]].source == "vote"
    assert board[members[1]].position == "supports"
    assert board[members[2]].position == "undecided"  # no vote recorded: unchanged
    assert len(members[0].stances.all()) == 2  # the old stance stays as history
    assert Fight.objects.get(pk=fight.pk).status == Fight.Status.CANCELLED
    event = ContractAction.objects.get(jurisdiction=place)
    assert event.action == "not_renewed" and event in wins()
    place.refresh_from_db()
    assert place.status == "ended"
    tasks()
    results = [m for m in smtp_server.messages if "Springfield" in m["Subject"]]
    recipients = sorted(m["To"] for m in results)
    assert recipients == [
        "both@example.org",
        "f1@example.org",
        "f2@example.org",
        "local@example.org",
    ]
    spanish = next(m for m in results if m["To"] == "f2@example.org")
    assert "/es/" in spanish.get_body(("plain",)).get_content()
    # Announcing again (a retried task, a second beat) sends nothing more.
    outcome = fight.outcomes.get()
    assert alerts.announce_outcome(outcome) == 0


def test_a_vote_is_announced_once_and_a_late_reminder_is_dropped(fight, meeting, outbox, tasks):
    _follow(fight.jurisdiction, "f@example.org")
    assert alerts.send_due_alerts() == 1  # the meeting, deadline within 48 h said with it
    assert alerts.send_due_alerts() == 0
    assert Email.objects.filter(kind="fight_alert").count() == 1
    tasks()
    assert len(outbox) == 1
    # A reminder queued but not sent before the meeting began is never sent.
    meeting.deadline_alerted_at = None
    meeting.comment_deadline = timezone.now() + timedelta(hours=1)
    meeting.save()
    assert alerts.send_due_alerts() == 1
    type(meeting).objects.filter(pk=meeting.pk).update(starts_at=timezone.now())
    tasks()
    assert len(outbox) == 1
