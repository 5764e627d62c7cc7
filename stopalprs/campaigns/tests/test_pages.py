from __future__ import annotations

import re

import pytest
from django.core.cache import cache

from stopalprs.campaigns.models import Campaign
from stopalprs.campaigns.services import load_default_campaign
from stopalprs.signatures.models import Signature

pytestmark = pytest.mark.django_db


def test_home_shows_the_default_campaign_with_its_sign_form(client, campaign):
    html = client.get("/").content.decode()
    assert campaign.title in html
    assert 'action="/c/stop-alprs/"' in html
    for label in ("First name", "Last name", "Email", "ZIP code", "Comment (optional)"):
        assert f">{label}</label>" in html
    assert 'type="checkbox" name="send_updates"' in html
    assert " checked" not in html  # "send me updates" starts unticked


def test_home_lists_campaigns_when_several_are_open(client, campaign, make_campaign):
    other = make_campaign(title="Cancel the Springfield contract")
    html = client.get("/").content.decode()
    assert f'href="/c/{other.slug}/"' in html and 'href="/c/stop-alprs/"' in html
    assert "<form" not in html


def test_the_default_campaign_loads_once_and_keeps_staff_edits(db):
    campaign, created = load_default_campaign()
    assert created
    Campaign.objects.filter(pk=campaign.pk).update(title="Edited by staff")
    again, created = load_default_campaign()
    assert not created and again.title == "Edited by staff"
    assert Campaign.objects.count() == 1


def test_the_campaign_page_renders_sanitized_markdown(client, make_campaign):
    c = make_campaign(body="## Why\n\n<script>alert(1)</script> **bold** [x](javascript:alert(1))")
    html = client.get(f"/c/{c.slug}/").content.decode()
    assert "<h2>Why</h2>" in html and "<strong>bold</strong>" in html
    assert "<script>alert" not in html and "javascript:" not in html


def test_the_page_shows_the_confirmed_count_and_progress(client, make_campaign, alice):
    c = make_campaign(goal=4)
    for n in range(3):
        Signature.objects.create(
            campaign=c,
            first_name="A",
            last_name="B",
            email=f"{n}@example.org",
            email_index=str(n),
            zip_code="94110",
            state="CA",
            status=Signature.Status.CONFIRMED if n else Signature.Status.PENDING,
        )
    html = client.get(f"/c/{c.slug}/").content.decode()
    assert re.search(r"<strong data-count>2</strong>\s*people have signed", html)
    assert 'value="50"' in html


def test_open_data_has_aggregates_only(client, campaign, alice):
    Signature.objects.create(
        campaign=campaign,
        first_name="Alice",
        last_name="L",
        email="alice@example.org",
        email_index="x",
        zip_code="94110",
        state="CA",
        district="CA-11",
        status=Signature.Status.CONFIRMED,
    )
    response = client.get("/c/stop-alprs.json")
    data = response.json()
    assert set(data) == {
        "slug",
        "title",
        "state",
        "goal",
        "signature_count",
        "paper_signature_count",
        "signatures_by_state",
        "signatures_by_district",
        "updated_at",
    }
    assert data["signature_count"] == 1 and data["signatures_by_state"] == {"CA": 1}
    assert data["signatures_by_district"] == {"CA-11": 1}
    assert "alice" not in response.content.decode().lower()
    page = client.get("/c/stop-alprs/").content.decode()
    assert '<link rel="alternate" type="application/json" href="/c/stop-alprs.json"' in page


def test_the_count_is_cached_for_a_few_seconds(client, campaign, settings):
    settings.COUNT_CACHE_SECONDS = 60

    cache.clear()
    assert client.get("/c/stop-alprs.json").json()["signature_count"] == 0
    Signature.objects.create(
        campaign=campaign,
        first_name="A",
        last_name="B",
        email="a@example.org",
        email_index="a",
        zip_code="94110",
        state="CA",
        status=Signature.Status.CONFIRMED,
    )
    assert client.get("/c/stop-alprs.json").json()["signature_count"] == 0
    cache.clear()
    assert client.get("/c/stop-alprs.json").json()["signature_count"] == 1


def test_unknown_campaigns_are_404(client, db):
    assert client.get("/c/nope/").status_code == 404
    assert client.get("/c/nope.json").status_code == 404


def test_the_thank_you_page_offers_plain_share_links(client, campaign):
    html = client.get("/c/stop-alprs/thanks/").content.decode()
    assert "Check your email" in html
    # In a signing storm the mail worker waits for idle CPU: the signer is told to expect it.
    assert "it can take a few minutes to arrive" in html
    es = client.get("/es/c/stop-alprs/thanks/").content.decode()
    assert "puede tardar unos minutos en llegar" in es
    for host in ("bsky.app", "x.com", "facebook.com", "wa.me", "/share/mastodon/"):
        assert host in html
    assert "mailto:" in html and "sms:" in html
    assert "s%3Dwhatsapp" in html  # each channel is tagged, not each person
    # Nothing in the page is loaded from another origin: only links point elsewhere.
    for tag in re.findall(r"<(?:script|img|iframe|link)\b[^>]*>", html):
        assert "http" not in tag or "testserver" in tag


def test_pages_send_a_strict_content_security_policy(client, campaign):
    response = client.get("/")
    csp = response["Content-Security-Policy"]
    script_src = re.search(r"script-src ([^;]+)", csp)
    assert script_src is not None and script_src.group(1).strip() == "'self'"
    assert "frame-ancestors 'none'" in csp
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "<script>" not in response.content.decode()  # no inline scripts at all


def test_open_graph_tags_use_our_own_image(client, campaign):
    html = client.get("/c/stop-alprs/").content.decode()
    assert '<meta property="og:image" content="http://testserver/static/img/share.png">' in html
    assert '<meta name="twitter:card" content="summary_large_image">' in html


def test_mastodon_share_asks_for_a_server_then_redirects(client, db):
    response = client.get("/share/mastodon/", {"text": "Sign this"})
    assert response.status_code == 200 and 'name="server"' in response.content.decode()
    response = client.get("/share/mastodon/", {"text": "Sign this", "server": "mastodon.social"})
    assert response["Location"] == "https://mastodon.social/share?text=Sign+this"


@pytest.mark.parametrize("server", ["evil.com/phish?x=", "javascript:alert(1)", "a b", "local"])
def test_mastodon_share_refuses_anything_but_a_host_name(client, db, server):
    response = client.get("/share/mastodon/", {"text": "x", "server": server})
    assert response.status_code == 200
    assert "Enter a server name" in response.content.decode()


def test_bad_methods_are_refused_cleanly(client, campaign):
    assert client.put("/c/stop-alprs/").status_code == 405
    assert client.post("/c/stop-alprs.json").status_code == 405
    assert client.delete("/confirm/abc/").status_code == 405


def test_a_cross_site_post_is_refused_with_a_friendly_page(campaign, alice):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = strict.post("/c/stop-alprs/", alice, HTTP_ORIGIN="https://evil.example")
    assert response.status_code == 403
    assert "Please try again" in response.content.decode()
    assert Signature.objects.count() == 0
    # Our own origin, or a browser that sends none, signs without a per-visitor token.
    assert strict.post("/c/stop-alprs/", alice, HTTP_ORIGIN="http://testserver").status_code == 302
    assert strict.post("/c/stop-alprs/", {**alice, "email": "b@example.org"}).status_code == 302


def test_the_campaign_page_is_the_same_for_everyone_and_cacheable(client, campaign, settings):
    settings.PAGE_CACHE_SECONDS = 60
    first = client.get("/c/stop-alprs/")
    assert "csrfmiddlewaretoken" not in first.content.decode()
    assert not first.cookies  # no cookie at all for visitors
    assert first["Cache-Control"].startswith("public, max-age=60, stale-while-revalidate=")
    Campaign.objects.update(summary="Changed")
    second = client.get("/c/stop-alprs/")
    assert second.content == first.content  # served from the page cache
    assert "stale-if-error" in client.get("/c/stop-alprs.json")["Cache-Control"]


def test_the_nightly_recount_reports_and_repairs_drift(client, campaign, settings):
    from stopalprs.campaigns.services import public_counts, recount

    settings.COUNT_CACHE_SECONDS = 3600
    assert public_counts(campaign).total == 0  # cached
    Signature.objects.create(
        campaign=campaign,
        first_name="A",
        last_name="B",
        email="a@example.org",
        email_index="a",
        zip_code="94110",
        state="CA",
        status=Signature.Status.CONFIRMED,
    )
    assert recount() == {"stop-alprs": 1}
    assert public_counts(campaign).total == 1
    assert recount() == {}


def _wsgi(app, path: str, method: str = "GET", body: bytes = b"", **headers: str):
    """Call a WSGI app as gunicorn does; (status, headers, body)."""
    import io

    path, _, query = path.partition("?")
    environ = {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SCRIPT_NAME": "",
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "HTTP_HOST": "testserver",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(body),
        "CONTENT_LENGTH": str(len(body)),
        "CONTENT_TYPE": "application/x-www-form-urlencoded",
        "REMOTE_ADDR": "127.0.0.1",
        "wsgi.errors": io.StringIO(),
        **{f"HTTP_{name.upper()}": value for name, value in headers.items()},
    }
    started: list = []
    result = app(environ, lambda status, headers, exc_info=None: started.extend([status, headers]))
    content = b"".join(result)
    if hasattr(result, "close"):
        result.close()
    return started[0], dict(started[1]), content


@pytest.fixture
def edge(settings):
    from django.core.signals import request_finished, request_started
    from django.core.wsgi import get_wsgi_application
    from django.db import close_old_connections

    from stopalprs.ops.edge import EdgeCache

    settings.PAGE_CACHE_SECONDS = 60
    # As Django's test client does: the handler would otherwise close the test's database
    # connection (inside its transaction) at the start and end of each request.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield EdgeCache(get_wsgi_application())
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def test_the_web_processes_answer_through_the_edge_cache_with_start_up_frozen():
    import gc

    from stopalprs.ops.edge import EdgeCache
    from stopalprs.wsgi import application

    assert isinstance(application, EdgeCache)
    assert gc.get_freeze_count() > 0  # left out of the collector's passes


def test_a_public_page_is_answered_again_before_django_runs(
    edge, campaign, alice, django_capture_on_commit_callbacks, monkeypatch
):
    from urllib.parse import urlencode

    from stopalprs.campaigns.services import _forget_cached

    monkeypatch.setattr("stopalprs.ops.edge.EDGE_SECONDS", 60)  # a slow machine
    status, first_headers, first = _wsgi(edge, "/c/stop-alprs/", accept_language="en")
    assert status == "200 OK" and campaign.title.encode() in first
    # The text changes and the view's own caches are emptied (as saving a campaign does): a
    # visitor without a cookie still gets the kept answer, headers and all, so it did not
    # reach Django...
    Campaign.objects.update(title="A changed title")
    with django_capture_on_commit_callbacks(execute=True):
        _forget_cached(campaign)
    status, headers, again = _wsgi(edge, "/c/stop-alprs/", accept_language="en")
    assert again == first and headers == first_headers
    assert headers["Content-Security-Policy"] and headers["X-Frame-Options"] == "DENY"
    # ...while a visitor with a cookie goes through Django, another language is another
    # entry, and so is another query string.
    assert b"A changed title" in _wsgi(edge, "/c/stop-alprs/", cookie="x=1")[2]
    _, spanish, _ = _wsgi(edge, "/c/stop-alprs/", accept_language="es")
    assert spanish["Content-Language"] == "es"
    assert b"A changed title" in _wsgi(edge, "/c/stop-alprs/?s=email", accept_language="en")[2]
    # Signing is never answered from it.
    body = urlencode(alice).encode()
    status, headers, _ = _wsgi(edge, "/c/stop-alprs/", "POST", body, accept_language="en")
    assert status.startswith("302") and Signature.objects.count() == 1


def test_only_public_cookie_free_answers_are_kept(edge, campaign, settings):
    for path in ("/privacy/", "/organize/", "/c/stop-alprs/thanks/?zip=94110", "/nowhere/"):
        _wsgi(edge, path)
        assert not edge._entries, path
    _wsgi(edge, "/c/stop-alprs.json")
    assert len(edge._entries) == 1
    # PAGE_CACHE_SECONDS = 0 turns page caching off, here too.
    edge.clear()
    settings.PAGE_CACHE_SECONDS = 0
    _wsgi(edge, "/c/stop-alprs.json")
    assert not edge._entries


@pytest.mark.parametrize(
    ("status", "headers", "kept"),
    [
        ("200 OK", [("Cache-Control", "public, max-age=2")], True),
        ("200 OK", [("Cache-Control", "public, max-age=2"), ("Vary", "Accept-Language")], True),
        ("200 OK", [("Cache-Control", "public"), ("Set-Cookie", "a=b")], False),
        ("200 OK", [("Cache-Control", "public"), ("Vary", "Cookie")], False),
        ("200 OK", [("Cache-Control", "public"), ("Vary", "*")], False),
        ("200 OK", [("Cache-Control", "private, public")], False),
        ("200 OK", [("Cache-Control", "public, no-store")], False),
        ("200 OK", [], False),
        ("404 Not Found", [("Cache-Control", "public")], False),
    ],
)
def test_what_the_edge_cache_keeps(settings, status, headers, kept):
    from django.http import HttpResponse

    from stopalprs.ops.edge import EdgeCache

    settings.PAGE_CACHE_SECONDS = 60
    calls = []

    def app(environ, start_response):
        calls.append(1)
        start_response(status, headers)
        return HttpResponse(b"body")

    edge = EdgeCache(app)
    for _ in range(2):
        assert _wsgi(edge, "/page/")[2] == b"body"
    assert len(calls) == (1 if kept else 2)


def test_made_up_urls_cannot_grow_the_edge_cache(settings):
    from django.http import HttpResponse

    from stopalprs.ops import edge as edge_module

    settings.PAGE_CACHE_SECONDS = 60

    def app(environ, start_response):
        start_response("200 OK", [("Cache-Control", "public")])
        return HttpResponse(b"x")

    edge = edge_module.EdgeCache(app)
    for n in range(edge_module.MOST_ENTRIES * 2 + 5):
        _wsgi(edge, f"/page/?n={n}")
        assert len(edge._entries) <= edge_module.MOST_ENTRIES


def test_a_staff_edit_shows_at_once_though_the_campaign_is_memoized(
    campaign, settings, django_capture_on_commit_callbacks, django_user_model
):
    from stopalprs.campaigns import services

    settings.PAGE_CACHE_SECONDS = 60
    assert getattr(services.public_campaign(campaign.slug), "title", None) == campaign.title
    campaign.title = "Cameras off our streets"
    staff = django_user_model.objects.create_user("editor")
    with django_capture_on_commit_callbacks(execute=True):
        services.save_campaign(actor=staff, campaign=campaign, translations={})
    assert getattr(services.public_campaign(campaign.slug), "title", None) == (
        "Cameras off our streets"
    )
    assert services.public_campaign("no-such-campaign") is None


def test_the_count_adds_new_confirmations_to_a_snapshot_at_once(
    campaign, settings, django_capture_on_commit_callbacks
):
    from datetime import timedelta

    from django.utils import timezone

    from stopalprs.campaigns.services import forget_counts, public_counts, recount

    settings.COUNT_SNAPSHOT_SECONDS = 60
    long_ago = timezone.now() - timedelta(days=3)

    def signature(n: int, **fields) -> Signature:
        place = {"zip_code": "94110", "state": "CA", "district": "CA-11"}
        return Signature.objects.create(
            campaign=campaign,
            first_name="A",
            last_name="B",
            email=f"s{n}@example.org",
            email_index=f"{n:064x}",
            **{**place, **fields},
        )

    old = [signature(n, status="confirmed", confirmed_at=long_ago) for n in range(3)]
    signature(3, status="confirmed", confirmed_at=None)  # confirmed before times were kept
    signature(4)  # pending: not counted
    assert public_counts(campaign).total == 4  # the snapshot
    # Confirmed now: counted at once, on top of the snapshot, in every breakdown.
    signature(5, status="confirmed", confirmed_at=timezone.now(), state="NY", district="NY-12")
    counts = public_counts(campaign)
    assert (counts.total, counts.by_state, counts.by_district) == (
        5,
        {"CA": 4, "NY": 1},
        {"CA-11": 4, "NY-12": 1},
    )
    # A removal waits for the next snapshot; the nightly recount (or a staff action that
    # calls forget_counts) takes a new one.
    old[0].delete()
    assert public_counts(campaign).total == 5
    assert recount() == {}  # nothing cached between reads here (COUNT_CACHE_SECONDS is 0)
    assert public_counts(campaign).total == 4
    old[1].delete()
    with django_capture_on_commit_callbacks(execute=True):
        forget_counts(campaign.pk)
    assert public_counts(campaign).total == 3
