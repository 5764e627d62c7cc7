from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest

from stopalprs.ops.locale import switch_links


def site(request: HttpRequest) -> dict[str, object]:
    return {
        "site_name": settings.SITE_NAME,
        "site_url": settings.SITE_URL,
        "language_links": switch_links(request),
        "DEMO": settings.DEMO,
    }
