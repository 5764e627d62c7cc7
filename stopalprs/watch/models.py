from __future__ import annotations

import uuid
from datetime import date, timedelta

from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from stopalprs.lib.fields import EncryptedTextField

# Actions that end a contract: what the "wins" page lists.
WINS = {"cancelled", "deactivated", "rejected_or_not_renewed", "not_renewed", "banned"}
STATUS_AFTER = {
    **dict.fromkeys(WINS, "ended"),
    "paused": "paused",
    "switched_vendor": "switched",
    **dict.fromkeys(["renewed", "extended", "reinstated"], "active"),
    **dict.fromkeys(["expanded", "expansion_proposed"], "expanded"),
}


class Jurisdiction(models.Model):
    """A city, county or agency with an ALPR contract, and what is known about it."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("Cameras running")
        EXPANDED = "expanded", _("Expanded or expanding")
        PAUSED = "paused", _("Paused")
        SWITCHED = "switched", _("Switched vendor")
        ENDED = "ended", _("Ended: cancelled, rejected or not renewed")
        UNKNOWN = "unknown", _("Unknown")

    slug = models.SlugField(max_length=120, unique=True)
    name = models.CharField(max_length=120)
    state = models.CharField(max_length=2)
    kind = models.CharField(max_length=40, blank=True)
    vendor = models.CharField(max_length=120, blank=True)
    status = models.CharField(max_length=10, choices=Status, default=Status.UNKNOWN)
    camera_count = models.PositiveIntegerField(null=True, blank=True)
    contract_start = models.DateField(null=True, blank=True)
    contract_end = models.DateField(null=True, blank=True)
    renewal_date = models.DateField(null=True, blank=True)
    contract_value = models.CharField(max_length=100, blank=True)
    data_sharing = models.TextField(blank=True)
    retention = models.TextField(blank=True)

    class Meta:
        ordering = ["state", "name"]

    def __str__(self) -> str:
        return f"{self.name}, {self.state}"

    def get_absolute_url(self) -> str:
        return reverse("watch:jurisdiction", args=[self.slug])

    @property
    def days_to_renewal(self) -> int | None:
        if self.renewal_date is None:
            return None
        return (self.renewal_date - timezone.now().date()).days


class ContractAction(models.Model):
    """One dated, sourced event on a jurisdiction's ALPR contract: reference data from
    data/alpr/, or a crowd report that staff accepted."""

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
    jurisdiction = models.ForeignKey(
        Jurisdiction, null=True, blank=True, on_delete=models.CASCADE, related_name="events"
    )
    # The date as a date (the first of the month for month-precision rows), for ordering.
    event_date = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["state", "city", "event_date"]
        indexes = [models.Index(fields=["state", "city"], name="contract_place")]

    def __str__(self) -> str:
        return f"{self.city}, {self.state}: {self.action} ({self.date})"

    @property
    def credit(self) -> str:
        if self.compiled_by.startswith("deflock"):
            return "DeFlock"
        if self.compiled_by.startswith("crowd report"):
            return "a reader's report, checked by our staff"
        return "stopalprs maintainers"


class CrowdReport(models.Model):
    """A fact sent in by anyone; public only once staff accept it."""

    class Kind(models.TextChoices):
        AGENDA = "agenda", _("A council agenda item or vote")
        CONTRACT = "contract", _("A new or changed contract")
        RENEWAL = "renewal", _("A renewal date")
        ENDED = "cancelled", _("A contract cancelled or rejected")
        OTHER = "other", _("Something else")

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for review")
        ACCEPTED = "accepted", _("Accepted")
        REJECTED = "rejected", _("Rejected")

    city = models.CharField(_("city or county"), max_length=120)
    state = models.CharField(_("state"), max_length=2)
    kind = models.CharField(_("what happened"), max_length=10, choices=Kind)
    date = models.DateField(_("when (or when it will)"))
    description = models.TextField(_("what happened, in a sentence or two"), max_length=1000)
    source_url = models.URLField(_("link to a source"), max_length=500)
    status = models.CharField(max_length=10, choices=Status, default=Status.PENDING)
    created_at = models.DateTimeField(default=timezone.now)
    reviewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.city}, {self.state}: {self.kind} ({self.status})"


class RecordsLaw(models.Model):
    """A state's public-records law and its response deadline (reference data)."""

    state = models.CharField(max_length=2, primary_key=True)
    law_name = models.CharField(max_length=200)
    citation = models.CharField(max_length=200)
    response_days = models.PositiveIntegerField(null=True, blank=True)
    days_type = models.CharField(max_length=20, blank=True)  # business, calendar, none
    deadline_text = models.TextField(blank=True)
    fee_notes = models.TextField(blank=True)
    source_url = models.URLField(max_length=500)
    source_date = models.CharField(max_length=100, blank=True)
    confidence = models.CharField(max_length=10, blank=True)

    def __str__(self) -> str:
        return f"{self.state}: {self.law_name}"

    def due_date(self, sent: date) -> date | None:
        """The response deadline counted from ``sent`` (weekends skipped for business days;
        public holidays are not known here, so a business-day date may be a little early)."""
        if not self.response_days:
            return None
        if self.days_type == "business":
            day, left = sent, self.response_days
            while left:
                day += timedelta(days=1)
                if day.weekday() < 5:
                    left -= 1
            return day
        return sent + timedelta(days=self.response_days)


class RecordsRequest(models.Model):
    """A public-records request someone chose to track with us (reminders, the answer)."""

    class Status(models.TextChoices):
        WAITING = "waiting", _("Waiting for an answer")
        ANSWERED = "answered", _("Answered in full")
        PARTIAL = "partial", _("Answered in part")
        DENIED = "denied", _("Denied")
        NO_ANSWER = "no_answer", _("No answer by the deadline")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    agency = models.CharField(max_length=200)
    state = models.CharField(max_length=2)
    sent_on = models.DateField()
    due_on = models.DateField(null=True, blank=True)
    email = EncryptedTextField()
    email_index = models.CharField(max_length=64, db_index=True, editable=False)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status, default=Status.WAITING)
    answered_on = models.DateField(null=True, blank=True)
    answer_notes = EncryptedTextField(blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-sent_on"]

    def __str__(self) -> str:
        return f"request to {self.agency} ({self.state}) sent {self.sent_on}"


class Follow(models.Model):
    """Someone who asked for email when something happens at one place."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    jurisdiction = models.ForeignKey(Jurisdiction, on_delete=models.CASCADE, related_name="follows")
    email = EncryptedTextField()
    email_index = models.CharField(max_length=64, db_index=True, editable=False)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    # The language the follower asked in: their alerts come in it.
    language = models.CharField(max_length=8, default="en")
    # The renewal date already announced, so each renewal is announced once.
    renewal_announced = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["jurisdiction", "email_index"], name="one_follow")
        ]

    def __str__(self) -> str:
        return f"follow of {self.jurisdiction_id}"
