from __future__ import annotations

import secrets

from django.db import models
from django.utils.translation import gettext_lazy as _


def new_key() -> str:
    return secrets.token_hex(32)


class DailyKey(models.Model):
    """The HMAC key for one day's client-address hashes.

    Destroyed after ``IP_HASH_RETENTION_DAYS``: from then on, no hash made that day can be
    matched to an address again, even by us.
    """

    day = models.DateField(unique=True)
    key = models.CharField(max_length=64, default=new_key)

    def __str__(self) -> str:
        return f"key for {self.day}"


class DeletionLog(models.Model):
    """What the retention job and self-service erasure removed, per day: counts only."""

    class Kind(models.TextChoices):
        UNCONFIRMED = "unconfirmed", _("Unconfirmed signatures deleted")
        IP_HASHES = "ip_hashes", _("Address hashes deleted")
        ANONYMIZED = "anonymized", _("Signatures anonymized after their campaign closed")
        WITHDRAWN = "withdrawn", _("Signatures withdrawn by their signers")
        ERASED = "erased", _("People who erased all their data")
        EMAILS = "emails", _("Records of sent emails deleted")
        ORGANIZERS_UNCONFIRMED = "org_unconfirmed", _("Unconfirmed organizer forms deleted")
        ORGANIZERS_INACTIVE = (
            "org_inactive",
            _("Organizers deleted after 24 months without contact"),
        )
        ORGANIZERS_LEFT = "org_left", _("Organizers who left the network")
        RECORDS_REQUESTS = "records", _("Tracked public-records requests deleted")
        COMMENTS = "comments", _("Our copies of public comments deleted after their meeting")

    day = models.DateField()
    kind = models.CharField(max_length=20, choices=Kind)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["day", "kind"], name="one_log_per_day")]
        ordering = ["-day", "kind"]

    def __str__(self) -> str:
        return f"{self.day} {self.kind}: {self.count}"


class LegalDemand(models.Model):
    """A demand for data from a government body or a court, published at /transparency/."""

    class Outcome(models.TextChoices):
        PENDING = "pending", _("Being answered")
        REFUSED = "refused", _("Refused: nothing handed over")
        CHALLENGED = "challenged", _("Challenged in court")
        PARTIAL = "partial", _("Partly complied with")
        COMPLIED = "complied", _("Complied with")

    received_on = models.DateField(_("received on"))
    requester = models.CharField(
        _("who asked"), max_length=200, help_text=_("E.g. 'a county sheriff's office'.")
    )
    kind = models.CharField(
        _("kind of demand"), max_length=100, help_text=_("Subpoena, court order, warrant…")
    )
    scope = models.TextField(_("what was asked for"))
    outcome = models.CharField(_("outcome"), max_length=12, choices=Outcome, default="pending")
    handed_over = models.TextField(_("what was handed over"), blank=True)
    records_disclosed = models.PositiveIntegerField(_("records disclosed"), default=0)
    people_notified = models.BooleanField(_("affected people notified"), default=False)
    notes = models.TextField(_("public notes"), blank=True)

    class Meta:
        ordering = ["-received_on"]

    def __str__(self) -> str:
        return f"{self.received_on}: {self.kind} from {self.requester}"
