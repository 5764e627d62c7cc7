from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from stopalprs.audit.models import AuditEntry
from stopalprs.emails.models import Email
from stopalprs.organizing import services
from stopalprs.organizing.models import TRANSITIONS, Note, Status
from stopalprs.organizing.tests.helpers import confirmed_organizer

pytestmark = pytest.mark.django_db

ALL = [s.value for s in Status]


@pytest.fixture
def carol(db) -> User:
    return User.objects.create_user("carol", "carol@example.org", is_staff=True)


@pytest.mark.parametrize("start", ALL)
@pytest.mark.parametrize("end", ALL)
def test_each_transition_is_allowed_or_refused_and_audited(carol, start, end):
    person = confirmed_organizer(1, status=start)
    if end in TRANSITIONS[start]:
        services.change_status(actor=carol, organizer=person, status=end)
        person.refresh_from_db()
        assert person.status == end
        entry = AuditEntry.objects.get()
        assert (entry.action, entry.detail) == ("change", f"status {start} → {end}")
    else:
        with pytest.raises(services.InvalidTransition):
            services.change_status(actor=carol, organizer=person, status=end)
        person.refresh_from_db()
        assert person.status == start and not AuditEntry.objects.exists()


def test_the_pipeline_runs_new_contacted_active_dormant_closed():
    assert TRANSITIONS[Status.NEW] >= {Status.CONTACTED}
    assert TRANSITIONS[Status.CONTACTED] >= {Status.ACTIVE}
    assert TRANSITIONS[Status.ACTIVE] >= {Status.DORMANT, Status.CLOSED}


def test_every_change_is_an_audit_entry_and_counts_as_activity(carol):
    person = confirmed_organizer(1, last_activity_at=timezone.now() - timedelta(days=400))
    services.assign(actor=carol, organizer=person, assignee=carol)
    services.set_follow_up(actor=carol, organizer=person, when=timezone.now().date())
    services.set_tags(actor=carol, organizer=person, names=["council", " press "])
    note = services.add_note(actor=carol, organizer=person, text="Called; vote is May 3.")
    details = list(AuditEntry.objects.order_by("created_at").values_list("detail", flat=True))
    assert details == [
        "assigned to carol",
        f"follow-up {timezone.now().date()}",
        "tags: council, press",
        "added a note",
    ]
    assert Note.objects.get(pk=note.pk).text == "Called; vote is May 3."
    person.refresh_from_db()
    assert person.last_activity_at > timezone.now() - timedelta(minutes=1)


def test_the_digest_lists_each_assignees_new_and_overdue_people_once_a_day(
    carol, outbox, tasks, django_capture_on_commit_callbacks
):
    bob = User.objects.create_user("bob", "bob@example.org", is_staff=True)
    confirmed_organizer(1, name="Newbie One", assignee=carol)
    yesterday = timezone.now().date() - timedelta(days=1)
    confirmed_organizer(
        2, name="Late Two", assignee=carol, status="contacted", next_follow_up=yesterday
    )
    confirmed_organizer(
        3,
        name="Fine Three",
        assignee=carol,
        status="active",
        next_follow_up=yesterday + timedelta(days=5),
    )
    confirmed_organizer(
        4, name="Closed Four", assignee=carol, status="closed", next_follow_up=yesterday
    )
    confirmed_organizer(5, name="Unassigned Five")
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_digests() == 1
        assert services.send_digests() == 0  # again the same day: nothing more
    tasks()
    [digest] = outbox
    assert digest.to == ["carol@example.org"]
    assert "1 new, 1 overdue" in digest.subject
    new_part, overdue_part = digest.body.split("Follow-up overdue:")
    assert "Newbie One" in new_part and "Late Two" in overdue_part
    for absent in ("Fine Three", "Closed Four", "Unassigned Five"):
        assert absent not in digest.body
    assert not Email.objects.filter(kind="organizer_digest", context__user_id=bob.pk).exists()


def test_staff_pages_filter_search_and_audit(staff_client, db):
    confirmed_organizer(1, name="Ann Flock", vendor="flock", help_wanted=["records"])
    confirmed_organizer(
        2, name="Ben Axon", vendor="axon", state="OR", city="Eugene", zip_code="97401"
    )
    client = staff_client("Organizer network")
    html = client.get("/staff/organizers/?vendor=flock&help=records").content.decode()
    assert "Ann Flock" in html and "Ben Axon" not in html
    html = client.get("/staff/organizers/?state=OR").content.decode()
    assert "Ben Axon" in html and "Ann Flock" not in html
    response = client.post("/staff/organizers/search/", {"email": "P2@example.org"})
    assert response.status_code == 302  # index "idx2" is not the blind index: not found
    actions = list(AuditEntry.objects.order_by("pk").values_list("action", "record_count"))
    assert actions == [("view", 1), ("view", 1), ("search", 0)]


def test_staff_change_status_through_the_page(staff_client, db):
    person = confirmed_organizer(1)
    client = staff_client("Organizer network")
    url = f"/staff/organizers/{person.public_id}/"
    assert "Person 1" in client.get(url).content.decode()
    client.post(url, {"action": "status", "status": "contacted"})
    client.post(url, {"action": "status", "status": "new"})  # not allowed from contacted
    person.refresh_from_db()
    assert person.status == "contacted"


def test_campaign_admins_do_not_see_the_network(staff_client, db):
    person = confirmed_organizer(1)
    client = staff_client("Campaign admin")
    assert client.get(f"/staff/organizers/{person.public_id}/").status_code == 403
