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
