"""Emails read on a phone: nothing wider than a 390 px screen, long links included."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def html_part(message) -> str:
    [(html, mime)] = message.alternatives
    assert mime == "text/html"
    return html


@pytest.mark.parametrize("prefix", ["", "/es"])
def test_the_confirmation_email_fits_a_phone_screen(
    browser_page, reference_data, client, campaign, alice, outbox, tasks, settings, prefix
):
    # A long but real site address makes the copy-this-link URL longer than a phone is wide.
    settings.SITE_URL = "https://petitions.example-organizing-coalition.org"
    client.post(f"{prefix}/c/stop-alprs/", alice)
    tasks()
    page = browser_page
    page.set_viewport_size({"width": 390, "height": 844})
    page.set_content(html_part(outbox[0]))
    assert "/confirm/" in page.inner_text("body")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
