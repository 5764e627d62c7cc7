"""The OSDI-shaped API: tokens, scopes, the entry point, petitions, the signature helper."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser

from stopalprs.api.models import ApiToken
from stopalprs.api.services import create_token
from stopalprs.audit.models import AuditEntry
from stopalprs.lib.crypto import blind_index, canonical_email
from stopalprs.signatures.models import Signature
from stopalprs.signatures.tests.helpers import confirm_path

pytestmark = pytest.mark.django_db


def token(*scopes: str) -> str:
    return create_token(actor=AnonymousUser(), name="crm", scopes=list(scopes))[1]


def test_the_entry_point_links_to_petitions(client, campaign):
    secret = token("aggregates")
    response = client.get("/api/v1/", HTTP_OSDI_API_TOKEN=secret)
    assert response.status_code == 200
    body = response.json()
    assert body["_links"]["osdi:petitions"]["href"] == "http://testserver/api/v1/petitions"
    assert body["osdi_version"] == "1.1"
    stored = ApiToken.objects.get()
    assert secret not in (stored.digest, stored.prefix) and stored.digest != ""
    assert AuditEntry.objects.filter(object_type="api_token").exists()


def test_without_or_with_a_wrong_token_a_structured_401(client, campaign):
    for headers in ({}, {"HTTP_OSDI_API_TOKEN": "sa_wrong"}):
        response = client.get("/api/v1/petitions", **headers)
        assert response.status_code == 401
        assert response.json()["error"]["code"] == "unauthorized"
    revoked = token("aggregates")
    ApiToken.objects.update(revoked_at="2026-01-01T00:00:00Z")
    assert client.get("/api/v1/", HTTP_OSDI_API_TOKEN=revoked).status_code == 401


def test_petitions_are_hal_with_pagination_and_no_personal_data(client, campaign, make_campaign):
    make_campaign(slug="second")
    Signature.objects.create(
        campaign=campaign,
        first_name="Alice",
        last_name="L",
        email="alice@example.org",
        email_index="i",
        zip_code="94110",
        state="CA",
        status="confirmed",
    )
    secret = token("aggregates")
    page = client.get("/api/v1/petitions?per_page=1", HTTP_OSDI_API_TOKEN=secret).json()
    assert (page["total_records"], page["total_pages"], page["page"], page["per_page"]) == (
        2,
        2,
        1,
        1,
    )
    assert "next" in page["_links"]
    second = client.get(page["_links"]["next"]["href"], HTTP_OSDI_API_TOKEN=secret).json()
    [petition] = second["_embedded"]["osdi:petitions"]
    assert petition["identifiers"] == ["stopalprs:stop-alprs"]
    assert petition["total_signatures"] == 1
    raw = str(page) + str(second)
    assert "alice" not in raw.lower()
    missing = client.get("/api/v1/petitions/nope", HTTP_OSDI_API_TOKEN=secret)
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "not_found"


def test_the_record_signature_helper_makes_a_pending_signature_that_confirms_by_email(
    client, campaign, outbox, tasks, django_capture_on_commit_callbacks
):
    secret = token("aggregates", "write_signatures")
    body = {
        "person": {
            "given_name": "Ana",
            "family_name": "Ruiz",
            "email_addresses": [{"address": "ana@example.org"}],
            "postal_addresses": [{"postal_code": "94110"}],
        },
        "comments": "Not on my street.",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/api/v1/petitions/stop-alprs/signatures",
            body,
            content_type="application/json",
            HTTP_OSDI_API_TOKEN=secret,
        )
    assert response.status_code == 202, response.content
    assert response.json()["status"] == "pending_confirmation"
    signature = Signature.objects.get()
    assert signature.status == "pending" and signature.district == "CA-11"
    tasks()
    client.post(confirm_path(outbox[0].body))
    assert client.get("/c/stop-alprs.json").json()["signature_count"] == 1


def test_the_helper_needs_its_scope_and_valid_input(client, campaign):
    read_only = token("aggregates")
    body = {
        "person": {
            "given_name": "A",
            "family_name": "B",
            "email_addresses": [],
            "postal_addresses": [{"postal_code": "00000"}],
        }
    }
    url = "/api/v1/petitions/stop-alprs/signatures"
    forbidden = client.post(
        url, body, content_type="application/json", HTTP_OSDI_API_TOKEN=read_only
    )
    assert forbidden.status_code == 403 and forbidden.json()["error"]["code"] == "forbidden"
    writer = token("write_signatures")
    invalid = client.post(url, body, content_type="application/json", HTTP_OSDI_API_TOKEN=writer)
    error = invalid.json()["error"]
    assert invalid.status_code == 422 and set(error["fields"]) >= {"email", "zip_code"}
    broken = client.post(
        url, {"person": 3}, content_type="application/json", HTTP_OSDI_API_TOKEN=writer
    )
    assert broken.status_code == 422 and broken.json()["error"]["code"] == "invalid"
    assert not Signature.objects.exists()


def test_the_helper_places_split_and_military_zips_as_the_form_does(client, campaign):
    writer = token("write_signatures")
    url = "/api/v1/petitions/stop-alprs/signatures"

    def post(email: str, **address: str):
        body = {
            "person": {
                "given_name": "A",
                "family_name": "B",
                "email_addresses": [{"address": email}],
                "postal_addresses": [address],
            }
        }
        return client.post(url, body, content_type="application/json", HTTP_OSDI_API_TOKEN=writer)

    asked = post("m1@example.org", postal_code="09001")
    assert (
        asked.status_code == 422 and "region" in asked.json()["error"]["fields"]["postal_addresses"]
    )
    assert post("m2@example.org", postal_code="09001", region="tx").status_code == 202
    assert post("s1@example.org", postal_code="90004").status_code == 202
    rows = set(Signature.objects.values_list("zip_code", "state", "district"))
    assert rows == {("09001", "TX", ""), ("90004", "CA", "")}


def test_tokens_are_rate_limited(client, campaign, settings):
    settings.API_REQUESTS_PER_MINUTE = 2
    secret = token("aggregates")
    responses = [client.get("/api/v1/", HTTP_OSDI_API_TOKEN=secret) for _ in range(3)]
    assert [r.status_code for r in responses] == [200, 200, 429]
    refused = responses[-1]
    assert refused.json()["error"]["code"] == "rate_limited"
    assert 1 <= int(refused["Retry-After"]) <= 60


def test_the_openapi_document_describes_the_api(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/petitions/{slug}/signatures" in schema["paths"]
    assert schema["components"]["securitySchemes"]["OsdiToken"]["name"] == "OSDI-API-Token"


def test_any_token_may_start_at_the_entry_point_and_no_cdn_docs_are_served(client, campaign):
    writer = token("write_signatures")
    assert client.get("/api/v1/", HTTP_OSDI_API_TOKEN=writer).status_code == 200
    assert client.get("/api/v1/petitions", HTTP_OSDI_API_TOKEN=writer).status_code == 403
    assert client.get("/api/v1/docs").status_code == 404


def confirmed_signature(campaign, email="alice@example.org", status="confirmed"):
    return Signature.objects.create(
        campaign=campaign,
        first_name="Alice",
        last_name="Liddell",
        email=email,
        email_index=blind_index(canonical_email(email)),
        zip_code="94110",
        state="CA",
        status=status,
        comment="Not on my street.",
    )


def test_people_and_signatures_need_the_people_scope_and_every_read_is_audited(
    client, campaign, make_campaign, dana
):
    from stopalprs.organizing.models import Organizer
    from stopalprs.organizing.services import submit_intake

    confirmed_signature(campaign)
    confirmed_signature(make_campaign(slug="second"))  # the same person on another campaign
    confirmed_signature(campaign, email="bob@example.net", status="pending")
    submit_intake(**dana)
    Organizer.objects.update(confirmed_at="2026-11-01T00:00:00Z")
    urls = [
        "/api/v1/people",
        "/api/v1/petitions/stop-alprs/signatures",
        "/api/v1/forms/organizer/submissions",
    ]
    aggregates = token("aggregates")
    for url in urls:
        denied = client.get(url, HTTP_OSDI_API_TOKEN=aggregates)
        assert denied.status_code == 403, url
        assert "alice" not in denied.content.decode().lower()
        assert client.get(url).status_code == 401
    assert not AuditEntry.objects.filter(action="view").exists()

    reader = token("people")
    people = client.get("/api/v1/people", HTTP_OSDI_API_TOKEN=reader).json()
    # Alice once (two signatures, one address), Dana once; Bob has not confirmed.
    assert people["total_records"] == 2
    names = sorted(p["given_name"] for p in people["_embedded"]["osdi:people"])
    assert names == ["Alice", dana["name"].split()[0]]
    alice = next(p for p in people["_embedded"]["osdi:people"] if p["given_name"] == "Alice")
    assert len(alice["_embedded"]["osdi:signatures"]) == 2
    one = client.get(alice["_links"]["self"]["href"], HTTP_OSDI_API_TOKEN=reader).json()
    assert one["email_addresses"][0]["address"] == "alice@example.org"
    sigs = client.get("/api/v1/petitions/stop-alprs/signatures", HTTP_OSDI_API_TOKEN=reader).json()
    [sig] = sigs["_embedded"]["osdi:signatures"]
    assert sig["comments"] == "Not on my street."
    subs = client.get("/api/v1/forms/organizer/submissions", HTTP_OSDI_API_TOKEN=reader).json()
    assert subs["total_records"] == 1
    entries = AuditEntry.objects.filter(action="view").order_by("pk")
    assert [(e.object_type, e.record_count) for e in entries] == [
        ("person", 2),
        ("person", 1),
        ("signature", 1),
        ("organizer", 1),
    ]
    assert all(e.actor_name.startswith("API token sa_") for e in entries)
    missing = client.get("/api/v1/people/" + "0" * 64, HTTP_OSDI_API_TOKEN=reader)
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "not_found"


def test_forms_and_tags_are_aggregates(client, campaign):
    from stopalprs.organizing.models import Tag

    Tag.objects.create(name="city-council")
    secret = token("aggregates")
    entry = client.get("/api/v1/", HTTP_OSDI_API_TOKEN=secret).json()
    tags = client.get(entry["_links"]["osdi:tags"]["href"], HTTP_OSDI_API_TOKEN=secret).json()
    assert [t["name"] for t in tags["_embedded"]["osdi:tags"]] == ["city-council"]
    forms = client.get(entry["_links"]["osdi:forms"]["href"], HTTP_OSDI_API_TOKEN=secret).json()
    [form] = forms["_embedded"]["osdi:forms"]
    assert form["total_submissions"] == 0
    assert client.get("/api/v1/forms/other", HTTP_OSDI_API_TOKEN=secret).status_code == 404


def test_a_trusted_token_may_record_a_confirmed_signature_without_an_email(
    client, campaign, outbox, tasks
):
    body: dict[str, Any] = {
        "person": {
            "given_name": "Ana",
            "family_name": "Ruiz",
            "email_addresses": [{"address": "ana@example.org"}],
            "postal_addresses": [{"postal_code": "94110"}],
        },
        "confirmed": True,
    }
    url = "/api/v1/petitions/stop-alprs/signatures"
    writer = token("write_signatures")
    refused = client.post(url, body, content_type="application/json", HTTP_OSDI_API_TOKEN=writer)
    assert refused.status_code == 403 and "confirm_signatures" in refused.json()["error"]["message"]
    assert not Signature.objects.exists()
    trusted = token("write_signatures", "confirm_signatures")
    for _ in range(2):  # the same person twice: one signature, no email either time
        response = client.post(
            url, body, content_type="application/json", HTTP_OSDI_API_TOKEN=trusted
        )
        assert response.status_code == 202 and response.json()["status"] == "confirmed"
    tasks()
    signature = Signature.objects.get()
    assert (signature.status, signature.source) == ("confirmed", "import")
    assert outbox == []
    assert client.get("/c/stop-alprs.json").json()["signature_count"] == 1
    # Someone who signed on the site and has not clicked their link yet: vouched for, counted.
    pending = confirmed_signature(campaign, email="ben@example.org", status="pending")
    body["person"]["email_addresses"] = [{"address": "ben@example.org"}]
    client.post(url, body, content_type="application/json", HTTP_OSDI_API_TOKEN=trusted)
    pending.refresh_from_db()
    assert pending.status == "confirmed" and pending.source == "online"


def test_a_persons_signatures_are_an_osdi_signatures_collection(client, campaign):
    signature = confirmed_signature(campaign)
    reader = token("people")
    url = f"/api/v1/people/{signature.email_index}/signatures"
    body = client.get(url, HTTP_OSDI_API_TOKEN=reader).json()
    [item] = body["_embedded"]["osdi:signatures"]
    assert item["identifiers"] == [f"stopalprs:{signature.public_id}"]
    assert body["total_records"] == 1


def test_a_page_of_people_costs_the_same_queries_for_one_person_or_many(client, campaign):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    reader = token("people")
    confirmed_signature(campaign)
    client.get("/api/v1/people", HTTP_OSDI_API_TOKEN=reader)  # warm the per-process caches
    with CaptureQueriesContext(connection) as one:
        client.get("/api/v1/people", HTTP_OSDI_API_TOKEN=reader)
    for n in range(10):
        confirmed_signature(campaign, email=f"p{n}@example.org")
    with CaptureQueriesContext(connection) as many:
        body = client.get("/api/v1/people", HTTP_OSDI_API_TOKEN=reader).json()
    assert body["total_records"] == 11
    assert len(many.captured_queries) == len(one.captured_queries)


@pytest.mark.parametrize("confirmed", [False, True])
def test_the_api_holds_back_what_the_form_holds_back(client, campaign, alice, tasks, confirmed):
    """One owner for signing: a disposable address, or one domain signing in a flood, is held
    back (suspect, not counted) whether it came through the form or through the API."""
    url = "/api/v1/petitions/stop-alprs/signatures"
    secret = token("write_signatures", "confirm_signatures")

    def through_the_api(email: str) -> None:
        body = {
            "person": {
                "given_name": "Ana",
                "family_name": "Ruiz",
                "email_addresses": [{"address": email}],
                "postal_addresses": [{"postal_code": "94110"}],
            },
            "confirmed": confirmed,
        }
        reply = client.post(url, body, content_type="application/json", HTTP_OSDI_API_TOKEN=secret)
        assert reply.status_code == 202

    client.post("/c/stop-alprs/", {**alice, "email": "form@mailinator.com"})
    through_the_api("api@mailinator.com")
    rows = Signature.objects.order_by("pk").values_list("source", "fraud_state", "fraud_reasons")
    api_source = "import" if confirmed else "online"
    assert list(rows) == [
        ("online", "suspect", "disposable"),
        (api_source, "suspect", "disposable"),
    ]
    tasks()
    assert client.get("/c/stop-alprs.json").json()["signature_count"] == 0
    # The same domain limit on both doors (30 a minute by default): a flood is held back.
    Signature.objects.all().delete()
    for n in range(31):
        through_the_api(f"person{n}@flood.example")
    held = Signature.objects.filter(fraud_reasons__contains="domain_burst")
    assert held.count() == 1 and held.get().fraud_state == "suspect"
