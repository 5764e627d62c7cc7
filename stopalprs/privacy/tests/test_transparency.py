from __future__ import annotations

from datetime import date

import pytest

from stopalprs.privacy.models import LegalDemand
from stopalprs.signatures.models import Signature

pytestmark = pytest.mark.django_db


def test_it_lists_demands_and_counts_of_data_held(client, campaign):
    LegalDemand.objects.create(
        received_on=date(2026, 3, 2), requester="a county sheriff's office", kind="subpoena",
        scope="Names of signers in one ZIP code", outcome="refused",
    )  # fmt: skip
    Signature.objects.create(
        campaign=campaign, first_name="A", last_name="B", email="a@example.org",
        email_index="a", zip_code="94110", state="CA", status="confirmed",
    )  # fmt: skip
    html = client.get("/transparency/").content.decode()
    assert "a county sheriff&#x27;s office" in html and "Refused: nothing handed over" in html
    assert "1 confirmed signatures" in html
    assert "We tell every person whose data is asked for" in html


def test_it_says_so_when_there_were_no_demands(client, db):
    assert "We have received no demands for data." in client.get("/transparency/").content.decode()
