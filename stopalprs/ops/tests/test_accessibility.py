"""Every public page in both languages, in a real browser: axe-core finds no serious or
critical WCAG violation, and the campaign page stays light."""

from __future__ import annotations

import gzip

import pytest
from axe_playwright_python.sync_playwright import Axe

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGES = [
    "/",
    "/c/stop-alprs/",
    "/c/stop-alprs/thanks/?zip=94110&state=CA&district=CA-11",
    "/c/stop-alprs/confirmed/?zip=94110&state=CA&district=CA-11",
    "/organize/",
    "/organize/thanks/",
    "/privacy/",
    "/privacy/deletions/",
    "/privacy/manage/",
    "/transparency/",
    "/verify/",
    "/share/mastodon/?text=hi",
    "/watch/",
    "/watch/wins/",
    "/watch/records/",
    "/watch/report/",
    "/confirm/not-a-token/",
    "/no-such-page/",
    "/unsubscribe/not-a-token/",
]
WCAG = {
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"],
    }
}


def _problems(page) -> list[str]:
    results = Axe().run(page, options=WCAG)
    return [
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v["impact"] in {"serious", "critical"}
    ]


@pytest.mark.parametrize("language", ["en", "es"])
def test_public_pages_have_no_serious_accessibility_violations(
    browser_page, live_server, campaign, reference_data, language
):
    found = {}
    for path in PAGES:
        browser_page.goto(f"{live_server.url}/{language}{path}")
        if problems := _problems(browser_page):
            found[path] = problems
    # The sign form after a failed attempt: errors announced, linked to their fields.
    browser_page.goto(f"{live_server.url}/{language}/c/stop-alprs/")
    browser_page.click("button[type=submit].button")
    browser_page.wait_for_selector("#error-summary")
    if problems := _problems(browser_page):
        found["sign form with errors"] = problems
    assert found == {}


def test_the_campaign_page_is_light_and_signs_by_keyboard_alone(
    browser_page, live_server, campaign, reference_data
):
    sizes: dict[str, int] = {}

    def record(response) -> None:
        if response.url.startswith(live_server.url):
            sizes[response.url] = len(gzip.compress(response.body(), 6))

    browser_page.on("response", record)
    browser_page.goto(f"{live_server.url}/c/stop-alprs/")
    browser_page.wait_for_load_state("networkidle")
    total = sum(sizes.values())
    assert total <= 100_000, sizes  # compressed, HTML + CSS + JS + images on first load
    assert len(sizes) <= 6

    # Keyboard only: Tab to each field, type, and submit with Enter.
    browser_page.focus("#id_first_name")
    browser_page.keyboard.type("Ana")
    for key, text in (("Tab", "Ruiz"), ("Tab", "ana@example.org"), ("Tab", "94110")):
        browser_page.keyboard.press(key)
        browser_page.keyboard.type(text)
    focused = browser_page.evaluate("document.activeElement.id")
    assert focused == "id_zip_code"
    outline = browser_page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"  # focus is visible
    browser_page.keyboard.press("Enter")
    browser_page.wait_for_url("**/thanks/**")


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_fight_pages_pass_the_same_checks_and_ask_nothing_of_other_sites(
    browser_page, live_server, campaign, reference_data, language
):
    """The demo's fights (one with an open comment window, one won, one starting): every
    page of the feature, with no request to any origin but ours and no serious violation."""
    import random

    from stopalprs.fights.demo import seed
    from stopalprs.fights.models import Fight

    seed(random.Random(1))
    elsewhere: list[str] = []
    browser_page.on(
        "request",
        lambda r: None if r.url.startswith((live_server.url, "data:")) else elsewhere.append(r.url),
    )
    paths = ["/fights/"]
    for fight in Fight.objects.all():
        paths += [fight.get_absolute_url(), f"/fights/{fight.slug}/contact/"]
        paths += [m.get_absolute_url() for m in fight.meetings.all()]
    found = {}
    for path in paths:
        browser_page.goto(f"{live_server.url}/{language}{path}")
        if problems := _problems(browser_page):
            found[path] = problems
    # The comment form after a failed attempt, and with JavaScript's word count running.
    open_meeting = next(
        m for f in Fight.objects.all() for m in f.meetings.all() if m.comments_open()
    )
    browser_page.goto(f"{live_server.url}/{language}{open_meeting.get_absolute_url()}")
    counter = browser_page.text_content("#id_body_counter")
    assert "300" in counter and ("words" in counter or "palabras" in counter)
    browser_page.click("form button[type=submit].button")
    browser_page.wait_for_selector("#error-summary")
    if problems := _problems(browser_page):
        found["comment form with errors"] = problems
    assert found == {}
    assert elsewhere == []
