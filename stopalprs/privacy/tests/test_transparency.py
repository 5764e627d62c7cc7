from __future__ import annotations

from datetime import date

import pytest

from stopalprs.privacy.models import LegalDemand
from stopalprs.signatures.models import Signature

pytestmark = pytest.mark.django_db


def test_it_lists_demands_and_counts_of_data_held(client, campaign):
    LegalDemand.objects.create(
        received_on=date(2026, 3, 2),
        requester="a county sheriff's office",
        kind="subpoena",
        scope="Names of signers in one ZIP code",
        outcome="refused",
    )
    Signature.objects.create(
        campaign=campaign,
        first_name="A",
        last_name="B",
        email="a@example.org",
        email_index="a",
        zip_code="94110",
        state="CA",
        status="confirmed",
    )
    html = client.get("/transparency/").content.decode()
    assert "a county sheriff&#x27;s office" in html and "Refused: nothing handed over" in html
    assert "1 confirmed and counted signature with a name" in html
    assert "We tell every person whose data is asked for" in html


def test_confirmed_signatures_are_the_counted_number_and_the_set_aside_are_listed_apart(
    client, campaign
):
    for n, fraud_state in enumerate(["ok", "ok", "suspect", "invalid"]):
        Signature.objects.create(
            campaign=campaign,
            first_name="A",
            last_name="B",
            email=f"{n}@example.org",
            email_index=str(n),
            zip_code="94110",
            state="CA",
            status="confirmed",
            fraud_state=fraud_state,
        )
    html = " ".join(client.get("/transparency/").content.decode().split())
    assert "2 confirmed and counted signatures with a name" in html
    assert "2 confirmed signatures with a name and email address that our checks set aside" in html
    assert client.get("/c/stop-alprs.json").json()["signature_count"] == 2


def test_it_says_so_when_there_were_no_demands(client, db):
    assert "We have received no demands for data." in client.get("/transparency/").content.decode()
