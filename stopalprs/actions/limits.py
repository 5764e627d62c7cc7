"""The one rate limiter: signing, organizer intake, follows, manage-my-data links and the
API all count here, in the ``limits`` cache (Redis when configured, else a disk cache that
every web process of one machine shares; see settings.CACHES).

A sliding-window counter: the events of the current fixed window plus the previous window's
weighted by how much of it still overlaps the last ``window`` seconds. Unlike plain fixed
windows, a burst straddling a window boundary cannot slip through at twice the limit; unlike
a log of every event, it costs one counter per window.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from django.core.cache import caches


@dataclass(frozen=True)
class Limit:
    """At most ``count`` events in any ``window`` seconds."""

    count: int
    window: int


def _hit(key: str, window: int) -> int:
    """Count one event under ``key``, kept for two windows; return the count so far.
    Atomic on Redis and on the disk cache, so every web process shares the count. One cache
    operation in the common case (the key exists); creating it is the rare path."""
    limits = caches["limits"]
    for _ in range(2):
        try:
            return int(limits.incr(key))
        except ValueError:  # the first event of this window, or the key just expired
            if limits.add(key, 1, timeout=2 * window + 5):
                return 1
            # another process created it between our two calls: count on it
    return 1


def hit(counters: list[tuple[str, int]], *, now: float | None = None) -> list[float]:
    """Count one event on each ``(name, window)``; for each, the events in its last
    ``window`` seconds, this one included. The previous windows are read in one cache call."""
    now = time.time() if now is None else now
    keys = [
        (f"rl:{name}:{window}:{int(now // window)}", f"rl:{name}:{window}:{int(now // window) - 1}")
        for name, window in counters
    ]
    current = [_hit(key, window) for (key, _), (_, window) in zip(keys, counters, strict=True)]
    previous = caches["limits"].get_many([key for _, key in keys])
    return [
        count + int(previous.get(key, 0)) * (1 - (now % window) / window)
        for count, (_, key), (_, window) in zip(current, keys, counters, strict=True)
    ]


def over(name: str, limit: Limit, *, now: float | None = None) -> int:
    """Count one event under ``name``: 0 if it is within ``limit``, else about how many
    seconds to wait (for a Retry-After header)."""
    now = time.time() if now is None else now
    [count] = hit([(name, limit.window)], now=now)
    if count <= limit.count:
        return 0
    return max(1, int(limit.window - now % limit.window))
