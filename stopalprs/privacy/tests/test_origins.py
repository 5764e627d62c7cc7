"""Loading every public page in a real browser contacts no origin but our own."""

from __future__ import annotations

import pytest

from stopalprs.privacy.tokens import manage_token
from stopalprs.signatures.models import Signature
from stopalprs.signatures.tokens import confirmation_token

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_no_public_page_requests_another_origin(
    browser_page, live_server, settings, reference_data, campaign
):
    settings.SITE_URL = live_server.url
    signature = Signature.objects.create(
        campaign=campaign,
        first_name="Alice",
        last_name="L",
        email="alice@example.org",
        email_index="i",
        zip_code="94110",
        state="CA",
    )
    paths = [
        "/",
        "/c/stop-alprs/",
        "/c/stop-alprs/thanks/",
        "/c/stop-alprs/confirmed/",
        f"/confirm/{confirmation_token(signature.public_id)}/",
        "/privacy/",
        "/privacy/deletions/",
        "/privacy/manage/",
        f"/privacy/manage/{manage_token('x@y.org')}/",
        "/transparency/",
        "/share/mastodon/?text=hi",
        "/no-such-page/",
        "/organize/",
        "/organize/thanks/",
        "/organize/welcome/",
        "/verify/?receipt=00",
        "/c/stop-alprs/thanks/?zip=94110&state=CA&district=CA-11",
        "/watch/",
        "/watch/wins/",
        "/watch/tx-austin/",
        "/watch/report/",
    ]
    requested: list[str] = []
    browser_page.on("request", lambda request: requested.append(request.url))
    for path in paths:
        response = browser_page.goto(live_server.url + path)
        assert response is not None
        assert response.status < 500, path
        browser_page.wait_for_load_state("networkidle")
    foreign = [url for url in requested if not url.startswith(live_server.url)]
    assert foreign == []
    assert len(requested) >= len(paths)  # the pages (and their assets) were really fetched
