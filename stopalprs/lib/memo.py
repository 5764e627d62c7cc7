"""Process-wide memos, and the one way to forget them all.

A few hot values are kept per process for a second or for ever (the campaign being signed,
a ZIP code's districts, the day's address-hash key, a URL): each module that keeps one
registers how to forget it here, and ``reset_caches()`` forgets every one — what a test
does between tests, and what to call after changing reference data from a shell.
"""

from __future__ import annotations

from collections.abc import Callable

_forgetters: list[Callable[[], object]] = []


def forgettable[F: Callable[[], object]](forget: F) -> F:
    """Register ``forget`` (e.g. a dict's ``clear`` or an lru_cache's ``cache_clear``)."""
    if forget not in _forgetters:
        _forgetters.append(forget)
    return forget


def reset_caches() -> None:
    """Forget every process-wide memo (not the shared caches: Django's ``caches`` do that)."""
    for forget in _forgetters:
        forget()
