"""Language by URL prefix, else by the browser's Accept-Language.

``/es/c/stop-alprs/`` is the Spanish page and ``/en/…`` the English one: addresses a person can
share and a CDN can cache. Without a prefix the page follows ``Accept-Language`` (and says so
in ``Vary``). The prefix is treated like a mount point: it moves into the script prefix, so
every link the page builds with ``reverse()`` keeps its language, and the URL patterns stay
as they are.
"""

from __future__ import annotations

from typing import cast

from django.conf import settings
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.middleware.locale import LocaleMiddleware
from django.urls import get_script_prefix, set_script_prefix
from django.utils import translation
from django.utils.cache import patch_vary_headers


def _prefixed(path: str) -> tuple[str, str] | None:
    """(language, rest of the path) for a path under a language prefix."""
    for code, _ in settings.LANGUAGES:
        if path == f"/{code}" or path.startswith(f"/{code}/"):
            return code, path[len(code) + 1 :] or "/"
    return None


class LanguageMiddleware(LocaleMiddleware):
    # Synchronous only (the site runs under WSGI): Django adapts it if ever served by ASGI.
    async_capable = False

    def __call__(self, request: HttpRequest) -> HttpResponseBase:  # type: ignore[override]
        found = _prefixed(request.path_info)
        outer = get_script_prefix()
        request.site_root = outer.rstrip("/")  # type: ignore[attr-defined]
        if found is None:
            return cast(HttpResponseBase, super().__call__(request))
        language, rest = found
        mount = f"{request.site_root}/{language}"  # type: ignore[attr-defined]
        request.path_info, request.path = rest, mount + rest
        request.META["SCRIPT_NAME"] = mount
        set_script_prefix(mount + "/")
        translation.activate(language)
        request.LANGUAGE_CODE = language
        try:
            response = cast(HttpResponseBase, self.get_response(request))
        finally:
            set_script_prefix(outer)
        response.headers.setdefault("Content-Language", language)
        return response

    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        # Unprefixed: the page depends on the browser's language.
        patch_vary_headers(response, ("Accept-Language",))
        response.headers.setdefault("Content-Language", translation.get_language() or "en")
        return response


def switch_links(request: HttpRequest) -> list[tuple[str, str, str]]:
    """(code, name in its own language, URL of this page in it), for the switcher."""
    path = request.path_info
    query = request.META.get("QUERY_STRING", "")
    root = getattr(request, "site_root", "")
    suffix = f"?{query}" if query else ""
    names = {"en": "English", "es": "Español"}
    return [
        (code, names.get(code, code), f"{root}/{code}{path}{suffix}")
        for code, _ in settings.LANGUAGES
    ]
