"""A form that must not tell whether an address is known does the same work either way.

Reply time is what an outsider can measure: a form whose reply is the same for a new and a
known address still tells them apart if one path runs more statements before replying (a
duplicate signature answered ~1 ms slower, z of about -5 over 50 + 50). So the statements each
request runs are compared, new address against known one, with only their values aside;
bench/duplicate_timing.py measures the reply times themselves.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from stopalprs.campaigns.models import ShareTally
from stopalprs.emails.models import Email
from stopalprs.organizing.models import Organizer
from stopalprs.signatures.models import Signature
from stopalprs.staff.dashboard import build as dashboard
from stopalprs.watch.models import Follow

pytestmark = pytest.mark.django_db

# Values, not shapes: quoted strings, numbers, booleans (psycopg writes them out), savepoint
# names, and the placeholders.
VALUES = re.compile(r"'(?:[^']|'')*'|\"s\d+_x\d+\"|\b\d+(?:\.\d+)?\b|\b(?:true|false)\b|%s|\?")


def statements(post: Callable[[], Any]) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        response = post()
    assert response.status_code in (200, 302), response.content[:500]
    return [VALUES.sub("?", q["sql"]) for q in queries.captured_queries]


def addresses(n: int) -> str:
    return f"198.51.100.{n}"


def test_signing_again_runs_the_statements_a_new_signature_runs(client, campaign, alice, tasks):
    def sign(email: str, n: int, channel: str = "") -> list[str]:
        path = f"/c/stop-alprs/?s={channel}" if channel else "/c/stop-alprs/"
        data = {**alice, "email": email}
        return statements(lambda: client.post(path, data, REMOTE_ADDR=addresses(n)))

    sign("warm@example.org", 1)  # caches, sessions, the first relay task
    sign("known@example.org", 2)
    tasks()  # its confirmation email is queued: a repeat is now worth a notice
    assert not Signature.objects.filter(confirmation_due=True).exists()
    new = sign("new@example.org", 3)
    tasks()
    repeat = sign("known@example.org", 4)
    assert repeat == new
    # The same through a share link, whose tally is written either way.
    tasks()
    new = sign("new-shared@example.org", 5, channel="email")
    tasks()
    repeat = sign("known@example.org", 6, channel="email")
    assert repeat == new
    # A repeat through the link is tallied apart and not counted as a signature from it.
    tallies = ShareTally.objects.order_by("pk").values_list("channel", "repeat")
    assert list(tallies) == [("email", False), ("email", True)]
    assert dict(dashboard(campaign).channels) == {"email": 1}

    # The owner is still told, after the reply, by the relay.
    tasks()
    kinds = list(Email.objects.order_by("pk").values_list("kind", flat=True))
    assert kinds.count("signature_duplicate") == 2
    assert Signature.objects.count() == 4


def test_asking_to_organize_again_runs_the_statements_a_new_intake_runs(client, dana):
    def intake(email: str, n: int) -> list[str]:
        data = {**dana, "email": email}
        return statements(lambda: client.post("/organize/", data, REMOTE_ADDR=addresses(n)))

    intake("warm@example.org", 1)
    intake("known@example.org", 2)
    new = intake("new@example.org", 3)
    repeat = intake("known@example.org", 4)
    assert repeat == new
    assert Organizer.objects.count() == 3
    assert list(Email.objects.order_by("pk").values_list("kind", flat=True))[-2:] == [
        "organizer_confirm",
        "organizer_duplicate",
    ]


def test_following_again_runs_the_statements_a_new_follow_runs(client):
    def follow(email: str, n: int) -> list[str]:
        data = {"email": email}
        return statements(
            lambda: client.post("/watch/tx-austin/follow/", data, REMOTE_ADDR=addresses(n))
        )

    follow("warm@example.org", 1)
    follow("known@example.org", 2)
    Follow.objects.update(confirmed_at=timezone.now())  # a known, confirmed follower
    new = follow("new@example.org", 3)
    repeat = follow("known@example.org", 4)
    assert repeat == new
    assert Follow.objects.count() == 3
