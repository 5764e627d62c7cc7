"""diskcache's Django cache, kept open across requests.

Django closes every cache at the end of each request (``request_finished``), which for
diskcache closes the SQLite connection of each of its shards; the next request opened them
again, with their pragmas and settings reads, and that cost ~7 ms of the ~8 a signature took
(bench/sign_path.py, 1,000 sign POSTs: 7,985 µs a request with the close, see
docs/performance.md). Connections stay per thread, and diskcache opens new ones in a forked
process by itself, so keeping them is safe.
"""

from __future__ import annotations

from typing import Any

from diskcache import DjangoCache


class PersistentDiskCache(DjangoCache):  # type: ignore[misc]
    def close(self, **kwargs: Any) -> None:
        """Left open: see the module's docstring. The process's end closes the files."""
