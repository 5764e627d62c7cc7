from __future__ import annotations

import pytest
from django.contrib.auth.models import User

from stopalprs.audit.models import AuditEntry
from stopalprs.signatures.models import Signature

pytestmark = pytest.mark.django_db


@pytest.fixture
def signature(campaign) -> Signature:
    return Signature.objects.create(
        campaign=campaign,
        first_name='=HYPERLINK("http://evil")',
        last_name="Liddell",
        email="alice@example.org",
        email_index="x",
        zip_code="94110",
        state="CA",
        comment="+1 from me",
        status="confirmed",
    )


def test_searching_by_email_is_audited_without_the_address(staff_client, signature):
    from stopalprs.lib import crypto

    Signature.objects.filter(pk=signature.pk).update(
        email_index=crypto.blind_index("alice@example.org")
    )
    client = staff_client()
    response = client.post("/staff/people/", {"email": "Alice@Example.org"})
    assert "1 signature" in response.content.decode()
    entry = AuditEntry.objects.get()
    assert (entry.actor_name, entry.action, entry.record_count) == ("carol", "search", 1)
    assert "alice" not in entry.detail.lower()


def test_viewing_a_record_is_audited(staff_client, signature):
    client = staff_client()
    html = client.get(f"/staff/signatures/{signature.public_id}/").content.decode()
    assert "alice@example.org" in html
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.object_ref) == ("view", str(signature.public_id))


def test_an_export_is_audited_streamed_and_formula_safe(staff_client, signature):
    client = staff_client()
    response = client.get("/staff/c/stop-alprs/signatures.csv")
    body = b"".join(response.streaming_content).decode()
    assert "'=HYPERLINK" in body and "'+1 from me" in body  # opens as text, not a formula
    assert "alice@example.org" in body
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.record_count, entry.object_ref) == ("export", 1, "stop-alprs")


def test_personal_data_needs_a_second_factor(staff_client, signature):
    client = staff_client(verified=False)
    for url in ("/staff/", "/staff/people/", f"/staff/signatures/{signature.public_id}/"):
        response = client.get(url)
        assert response.status_code == 302 and "/admin/login/" in response["Location"]
    assert not AuditEntry.objects.exists()


def test_an_aggregates_only_role_sees_no_personal_data(staff_client, signature):
    client = staff_client("Aggregates only")
    assert client.get(f"/staff/signatures/{signature.public_id}/").status_code == 403
    assert not AuditEntry.objects.exists()
    # An export for this role has rows that name nobody, and is still audited.
    response = client.get("/staff/c/stop-alprs/signatures.csv")
    body = b"".join(response.streaming_content).decode()
    assert body.splitlines()[0] == "zip_code,state,district,source,status,standing,signed_on"
    assert signature.email not in body and signature.last_name not in body
    assert str(signature.public_id) not in body
    assert AuditEntry.objects.get().detail.endswith("without personal columns")


def test_strangers_are_sent_to_log_in(client, signature):
    assert client.get("/staff/c/stop-alprs/signatures.csv").status_code == 302


def test_audit_entries_cannot_be_changed_or_deleted(staff_client, signature):
    staff_client().get(f"/staff/signatures/{signature.public_id}/")
    entry = AuditEntry.objects.get()
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()
    with pytest.raises(PermissionError):
        AuditEntry.objects.all().delete()
    with pytest.raises(PermissionError):
        AuditEntry.objects.update(detail="x")


def test_the_audit_log_survives_the_staff_account(staff_client, signature):
    client = staff_client()
    client.get(f"/staff/signatures/{signature.public_id}/")
    User.objects.filter(username="carol").delete()
    assert AuditEntry.objects.get().actor_name == "carol"


def test_only_superusers_read_the_audit_log_and_nobody_edits_it(staff_client, signature):
    client = staff_client()
    client.get(f"/staff/signatures/{signature.public_id}/")
    assert client.get("/admin/audit/auditentry/").status_code == 403
    User.objects.filter(username="carol").update(is_superuser=True)
    assert client.get("/admin/audit/auditentry/").status_code == 200
    entry = AuditEntry.objects.get()
    assert client.post(f"/admin/audit/auditentry/{entry.pk}/delete/").status_code == 403
    change = client.get(f"/admin/audit/auditentry/{entry.pk}/change/").content.decode()
    assert 'name="_save"' not in change


def test_the_admin_requires_a_second_factor(staff_client):
    client = staff_client(verified=False)
    assert client.get("/admin/").status_code == 302
    html = client.get("/admin/login/").content.decode()
    assert 'name="otp_token"' in html


def test_staff_prepare_and_download_delivery_packets(
    staff_client, signature, tasks, settings, tmp_path, django_capture_on_commit_callbacks
):
    from stopalprs.lawmakers.models import Delivery

    settings.DELIVERY_DIR = tmp_path
    Signature.objects.update(district="CA-11")
    client = staff_client()
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post("/staff/c/stop-alprs/deliveries/").status_code == 302
    assert not Delivery.objects.exists()  # built by the worker, not in the request
    tasks()
    page = client.get("/staff/c/stop-alprs/deliveries/").content.decode()
    assert "Rep. Nancy Pelosi" in page
    delivery = Delivery.objects.get(target_ref="house:P000197")
    response = client.get(f"/staff/deliveries/{delivery.pk}/{delivery.files[0]}")
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")
    assert AuditEntry.objects.filter(object_type="delivery", action="view").count() == 1
    assert client.get(f"/staff/deliveries/{delivery.pk}/../../etc/passwd").status_code == 404


def test_aggregates_only_staff_cannot_deliver(staff_client, signature):
    client = staff_client("Aggregates only")
    assert client.post("/staff/c/stop-alprs/deliveries/").status_code == 403
