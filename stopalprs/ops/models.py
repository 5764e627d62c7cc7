from __future__ import annotations

from django.db import models
from django.utils import timezone


class WriteProbe(models.Model):
    """One row that /readyz rewrites: the database is ready only if it takes a write now."""

    at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"write probe at {self.at:%Y-%m-%d %H:%M:%S}"
