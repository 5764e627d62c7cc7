from __future__ import annotations

from django.db import models


class ContractAction(models.Model):
    """One dated, sourced action on a city's or county's ALPR contract (reference data)."""

    city = models.CharField(max_length=120)
    state = models.CharField(max_length=2)
    jurisdiction_type = models.CharField(max_length=40)
    vendor = models.CharField(max_length=120)
    action = models.CharField(max_length=40)
    action_raw = models.CharField(max_length=200, blank=True)
    date = models.CharField(max_length=10, blank=True)  # "2025-06" or "2025-06-03"
    date_precision = models.CharField(max_length=10, blank=True)
    source_url = models.URLField(max_length=500)
    archive_url = models.URLField(max_length=600, blank=True)
    compiled_by = models.CharField(max_length=300, blank=True)
    verified = models.CharField(max_length=10, blank=True)
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["state", "city", "date"]
        indexes = [models.Index(fields=["state", "city"], name="contract_place")]

    def __str__(self) -> str:
        return f"{self.city}, {self.state}: {self.action} ({self.date})"

    @property
    def credit(self) -> str:
        return "DeFlock" if self.compiled_by.startswith("deflock") else "stopalprs maintainers"
