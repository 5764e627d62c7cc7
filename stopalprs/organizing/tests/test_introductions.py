from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.test import TestCase
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import run_tasks
from stopalprs.audit.models import AuditEntry
from stopalprs.emails.models import Email
from stopalprs.organizing import services
from stopalprs.organizing.models import Organizer
from stopalprs.organizing.tests.helpers import confirmed_organizer
from stopalprs.signatures.models import Signature

pytestmark = pytest.mark.django_db


@pytest.fixture
def carol(db) -> User:
    return User.objects.create_user("carol", "carol@example.org", is_staff=True)


def committed():
    """Run the on-commit callbacks of what the block does, as a real commit would."""
    return TestCase.captureOnCommitCallbacks(execute=True)


def test_only_people_who_asked_are_introduced_and_only_to_each_other(carol, outbox, tasks):
    yes1 = confirmed_organizer(1, wants_intro=True)
    yes2 = confirmed_organizer(2, wants_intro=True)
    no = confirmed_organizer(3, wants_intro=False)
    with committed():
        services.introduce(actor=carol, organizer_ids=[yes1.pk, yes2.pk, no.pk])
    tasks()
    assert sorted(m.to[0] for m in outbox) == ["p1@example.org", "p2@example.org"]
    to_one = next(m for m in outbox if m.to == ["p1@example.org"])
    assert "p2@example.org" in to_one.body and "Person 2" in to_one.body
    assert "p3@example.org" not in to_one.body and "Person 3" not in to_one.body
    assert AuditEntry.objects.get().record_count == 2


def test_fewer_than_two_who_asked_is_refused(carol):
    confirmed_organizer(1, wants_intro=True)
    confirmed_organizer(2, wants_intro=False)
    with pytest.raises(services.NotEnoughConsent):
        services.introduce(
            actor=carol, organizer_ids=list(Organizer.objects.values_list("pk", flat=True))
        )
    assert not Email.objects.exists()


def test_withdrawing_consent_before_sending_keeps_them_out(carol, outbox, tasks):
    a, b, c = (confirmed_organizer(n, wants_intro=True) for n in (1, 2, 3))
    with committed():
        services.introduce(actor=carol, organizer_ids=[a.pk, b.pk, c.pk])
    Organizer.objects.filter(pk=c.pk).update(wants_intro=False)  # before the worker runs
    tasks()
    assert sorted(m.to[0] for m in outbox) == ["p1@example.org", "p2@example.org"]
    assert all("p3@example.org" not in m.body for m in outbox)


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(people=st.lists(st.tuples(st.booleans(), st.booleans()), min_size=0, max_size=7))
def test_no_introduction_ever_contains_someone_who_did_not_consent(carol, people):
    """Whatever staff select, an address appears in an introduction only if its owner asked
    to be introduced and confirmed their address."""
    Organizer.objects.all().delete()
    Email.objects.all().delete()
    mail.outbox = []
    created = []
    for n, (consents, confirmed) in enumerate(people):
        created.append(confirmed_organizer(n, wants_intro=consents, confirmed_at=None))
        if confirmed:
            from django.utils import timezone

            Organizer.objects.filter(pk=created[-1].pk).update(confirmed_at=timezone.now())
    ok = {f"p{n}@example.org" for n, (c, f) in enumerate(people) if c and f}
    try:
        with committed():
            services.introduce(actor=carol, organizer_ids=[o.pk for o in created])
    except services.NotEnoughConsent:
        assert len(ok) < 2
        return
    run_tasks()
    for message in mail.outbox:
        assert message.to[0] in ok
        mentioned = {f"p{n}@example.org" for n in range(len(people))} & set(
            message.body.replace(",", " ").split()
        )
        assert mentioned <= ok
    assert {m.to[0] for m in mail.outbox} == ok


def test_a_hub_shows_organizers_signers_and_contract_history(
    staff_client, campaign, django_assert_max_num_queries
):
    confirmed_organizer(1, city="Austin", state="TX", zip_code="78701", wants_intro=True)
    confirmed_organizer(2, city="Round Rock", state="TX", zip_code="78664", wants_intro=True)
    Signature.objects.create(
        campaign=campaign,
        first_name="S",
        last_name="T",
        email="s@example.org",
        email_index="s",
        zip_code="78702",
        state="TX",
        district="TX-37",
        status="confirmed",
    )
    client = staff_client("Organizer network")
    assert "Austin, TX" in client.get("/staff/hubs/").content.decode()
    # A fixed number of queries, however many contract actions the state has (no N+1).
    with django_assert_max_num_queries(20):
        html = client.get("/staff/hubs/TX/Austin/").content.decode()
    assert "Person 1" in html and "<strong>1</strong> confirmed petition signer lives here" in html
    assert "2025-06-03 — Flock Safety; Axon: City manager withdrew extension (Item 67)" in html
    assert "APD still accessing neighboring agencies&#x27; Flock data" in html
    assert "Person 2 (Round Rock)" in html  # within reach for an introduction
    assert AuditEntry.objects.filter(object_type="hub").exists()


def test_a_hubs_nearby_finds_towns_and_counties_and_says_how_far_it_looked(staff_client, settings):
    settings.HUB_RADIUS_KM = 60
    confirmed_organizer(1, city="Austin", state="TX", zip_code="78701")
    html = staff_client("Organizer network").get("/staff/hubs/TX/Austin/").content.decode()
    nearby = " ".join(html.split("Nearby (within 60 km)")[1].split())
    assert "San Marcos (4" in nearby  # a city about 43 km away
    assert "Hays County (" in nearby  # a county, placed by its ZIP codes
    assert "Lago Vista (" in nearby  # a town that is no ZIP code's main city
    assert "Bandera (" not in nearby  # about 150 km away


def test_a_hub_invites_signers_who_asked_for_updates(
    staff_client, campaign, outbox, tasks, django_capture_on_commit_callbacks
):
    confirmed_organizer(1, city="Austin", state="TX", zip_code="78701")
    for n, updates in enumerate([True, False]):
        Signature.objects.create(
            campaign=campaign,
            first_name=f"Sig{n}",
            last_name="T",
            email=f"sig{n}@example.org",
            email_index=f"s{n}",
            zip_code="78702",
            state="TX",
            status="confirmed",
            send_updates=updates,
        )
    client = staff_client("Organizer network")
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/staff/hubs/TX/Austin/", {"action": "invite"})
    tasks()
    assert [m.to for m in outbox] == [["sig0@example.org"]]
    assert "/organize/?city=Austin&state=TX" in outbox[0].body
