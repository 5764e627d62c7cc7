"""The worker side of a parallel export (see exports.csv_in_parallel).

Kept apart from ``exports`` because a spawned process must be able to import these functions
before Django is set up: nothing here touches a model until ``start`` has run.
"""

from __future__ import annotations

import io
import os
import pickle
from typing import Any

from defusedcsv import csv

# This process's share of the export, set once by ``start``: (queryset, columns).
_job: tuple[Any, Any] | None = None


def start(settings_module: str, job: bytes) -> None:
    """Runs once in each fresh worker process (spawned, not forked: the parent may hold
    threads and open connections that a fork would copy half-way). The job arrives pickled,
    to be read only once Django is set up."""
    global _job
    # A spawned process: Django is imported and set up here, before any model.
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", settings_module)
    django.setup()
    from django.apps import apps

    label, query, columns = pickle.loads(job)  # noqa: S301 - from our own parent process
    queryset = apps.get_model(label).objects.all()
    queryset.query = query
    _job = (queryset, columns)


def csv_range(bounds: tuple[int, int]) -> tuple[str, int]:
    """CSV text (every cell escaped by defusedcsv's writer) of the rows with
    ``bounds[0] <= pk < bounds[1]``."""
    # Only once Django is set up (start() has run): exports imports models.
    from stopalprs.staff.exports import rows_of

    assert _job is not None  # noqa: S101 - set by start
    queryset, columns = _job
    rows = list(rows_of(queryset.filter(pk__gte=bounds[0], pk__lt=bounds[1]), columns))
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue(), len(rows)
