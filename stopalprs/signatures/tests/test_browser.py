"""A signer in a real browser: sign, open the email's link, confirm, see the count."""

from __future__ import annotations

import pytest

from conftest import run_tasks
from stopalprs.signatures.tests.helpers import confirm_link

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_signer_signs_confirms_and_sees_the_count(
    browser_page, live_server, settings, reference_data, campaign, smtp_server
):
    settings.SITE_URL = live_server.url
    page = browser_page
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))

    page.goto(live_server.url + "/")
    page.get_by_label("First name").fill("Alice")
    page.get_by_label("Last name").fill("Liddell")
    page.get_by_label("Email").fill("alice@example.org")
    page.get_by_label("ZIP code", exact=True).fill("94110")
    page.get_by_role("button", name="Sign the petition").click()
    page.wait_for_url("**/c/stop-alprs/thanks/?*")
    assert "Check your email" in page.content()

    run_tasks()
    [message] = smtp_server.messages
    link = confirm_link(message.get_body(("plain",)).get_content())
    assert link.startswith(live_server.url)

    page.goto(link)
    page.get_by_role("button", name="Confirm my signature").click()
    page.wait_for_url("**/c/stop-alprs/confirmed/?*")
    assert "1 person has signed so far." in page.inner_text("main")

    page.goto(live_server.url + "/c/stop-alprs/")
    assert page.inner_text("[data-count]") == "1"
    assert all(url.startswith(live_server.url) for url in requested), requested


def test_form_errors_are_announced_and_values_kept(
    browser_page, live_server, reference_data, campaign
):
    page = browser_page
    page.goto(live_server.url + "/")
    page.get_by_label("First name").fill("Alice")
    page.get_by_label("Email").fill("not-an-address")
    page.get_by_role("button", name="Sign the petition").click()
    summary = page.locator("#error-summary")
    assert summary.get_attribute("role") == "alert"
    assert "Enter a valid email address." in summary.inner_text()
    assert page.get_by_label("First name").input_value() == "Alice"
    # The enhancement script moved focus to the summary so it is read out first.
    assert page.evaluate("document.activeElement.id") == "error-summary"


def test_the_comment_box_counts_as_the_person_types_and_keeps_all_of_it(
    browser_page, live_server, reference_data, campaign
):
    page = browser_page
    page.goto(live_server.url + "/")
    box = page.get_by_label("Comment (optional)")
    box.fill("x" * 120)
    counter = page.locator("#id_comment_counter")
    assert counter.inner_text() == "120 of 500 characters"
    assert counter.get_attribute("aria-live") == "polite"
    box.fill("y" * 612)
    assert box.input_value() == "y" * 612  # nothing cut
    assert counter.inner_text() == "612 of 500 characters: 112 too many"
    assert "over" in (counter.get_attribute("class") or "")
