"""Every reply that may show personal data says ``Cache-Control: private, no-store``; public
pages stay cacheable."""

from __future__ import annotations

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from stopalprs.ops.redaction import token_routes
from stopalprs.privacy.tokens import manage_token

pytestmark = pytest.mark.django_db


def no_store(response) -> bool:
    return "no-store" in response.get("Cache-Control", "")


def staff_paths() -> list[str]:
    """Every staff page that takes no argument, as the URL patterns list them."""
    found = []

    def walk(patterns: list[URLPattern | URLResolver], prefix: str) -> None:
        for entry in patterns:
            route = prefix + str(entry.pattern)
            if isinstance(entry, URLResolver):
                walk(entry.url_patterns, route)
            elif "<" not in route and route.startswith("staff/"):
                found.append("/" + route.lstrip("^").rstrip("$"))

    walk(get_resolver().url_patterns, "")
    return found


def test_every_staff_page_is_no_store(staff_client, campaign):
    client = staff_client()
    paths = staff_paths()
    assert len(paths) > 10 and "/staff/" in paths
    for path in paths:
        response = client.get(path)
        assert response.status_code < 500, path
        assert no_store(response), (path, response.status_code, response.get("Cache-Control"))
    assert no_store(client.get("/staff/login/"))  # signed out too


@pytest.mark.parametrize("language", ["", "/es"])
def test_every_page_opened_from_an_emailed_link_is_no_store(client, campaign, language):
    routes = token_routes()
    assert {"/confirm/", "/privacy/manage/", "/watch/follow/", "/unsubscribe/"} <= set(routes)
    for route in routes:
        response = client.get(f"{language}{route}not-a-real-token/")
        assert no_store(response), (route, response.status_code)
    manage = client.get(f"{language}/privacy/manage/{manage_token('ann@example.org')}/")
    assert manage.status_code == 200 and no_store(manage)


def test_the_api_and_every_form_reply_are_no_store(client, campaign):
    assert no_store(client.get("/api/v1/"))
    shown_again = client.post("/c/stop-alprs/", {"first_name": "Ann", "email": "ann@example"})
    assert shown_again.status_code == 400 and "Ann" in shown_again.content.decode()
    assert no_store(shown_again)


def test_public_pages_stay_cacheable(client, campaign):
    page = client.get("/c/stop-alprs/")
    assert page["Cache-Control"].startswith("public") and not no_store(page)
