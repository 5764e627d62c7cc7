"""Staff pages in a real browser: the live preview follows typing (our own script)."""

from __future__ import annotations

import os

import pytest
from django.conf import settings as django_settings

from stopalprs.signatures.models import Signature

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _log_in(page, live_server, staff) -> None:
    cookie = staff.cookies[django_settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies(
        [{"name": django_settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
    )


def _shot(page, name: str) -> None:
    # STAFF_SCREENSHOTS=/some/dir keeps pictures of the pages for a human to look at.
    if folder := os.environ.get("STAFF_SCREENSHOTS"):
        page.screenshot(path=f"{folder}/{name}.png", full_page=True)


def test_the_preview_follows_typing(
    browser_page, live_server, staff_client, campaign, reference_data
):
    page = browser_page
    _log_in(page, live_server, staff_client())
    page.goto(f"{live_server.url}/staff/c/stop-alprs/edit/")
    page.fill("#id_title_es", "Nos están rastreando")
    page.fill("#id_body", "A **bold** plan")
    page.wait_for_selector("#preview article[lang=es] h1:has-text('Nos están rastreando')")
    assert page.inner_html("#preview article[lang=en] .body").strip() == (
        "<p>A <strong>bold</strong> plan</p>"
    )
    _shot(page, "campaign_edit")
    campaign.refresh_from_db()
    assert campaign.translations["es"]["title"] != "Nos están rastreando"  # nothing saved


def test_the_dashboard_draws_its_charts(
    browser_page, live_server, staff_client, campaign, reference_data
):
    for n, (state, zip_code) in enumerate([("CA", "94110"), ("CA", "94110"), ("NY", "10001")]):
        Signature.objects.create(
            campaign=campaign,
            first_name="S",
            last_name=str(n),
            email=f"{n}@example.org",
            email_index=str(n),
            zip_code=zip_code,
            state=state,
            status="confirmed",
        )
    page = browser_page
    _log_in(page, live_server, staff_client("Aggregates only"))
    page.goto(f"{live_server.url}/staff/c/stop-alprs/")
    assert page.locator(".map path.step-1").count() == 2  # CA and NY, 1 to 9 each
    box = page.locator(".chart svg").bounding_box()
    assert box is not None and box["width"] > 300
    _shot(page, "dashboard")
