"""Small HTTP helpers shared by views."""

from __future__ import annotations

from urllib.parse import urljoin

from django.conf import settings


def absolute_url(path: str) -> str:
    """``path`` on the public site, for emails and share links (never the request's Host)."""
    return urljoin(settings.SITE_URL.rstrip("/") + "/", path.lstrip("/"))
