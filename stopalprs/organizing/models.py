from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from stopalprs.actions.checks import Standing
from stopalprs.lib.fields import EncryptedTextField


class Role(models.TextChoices):
    RESIDENT = "resident", _("Resident")
    ORGANIZER = "organizer", _("Organizer")
    JOURNALIST = "journalist", _("Journalist")
    OFFICIAL = "official", _("Public official")
    LAWYER = "lawyer", _("Lawyer")
    OTHER = "other", _("Other")


class UsesAlpr(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")
    UNSURE = "unsure", _("Not sure")


class Vendor(models.TextChoices):
    FLOCK = "flock", _("Flock Safety")
    MOTOROLA = "motorola", _("Motorola Solutions / Vigilant")
    AXON = "axon", _("Axon")
    OTHER = "other", _("Another company")
    UNSURE = "unsure", _("Not sure")


class Stage(models.TextChoices):
    UNKNOWN = "unknown", _("I don't know")
    RENEWAL = "renewal", _("Up for renewal")
    VOTE = "vote", _("Council vote scheduled")
    PILOT = "pilot", _("Pilot program")
    NEW = "new", _("Newly signed")


class Help(models.TextChoices):
    RECORDS = "records", _("Public-records requests")
    TALKING_POINTS = "talking_points", _("Talking points")
    MEET = "meet", _("Meeting other local organizers")
    MEDIA = "media", _("Media")
    LEGAL = "legal", _("Legal help")
    TESTIMONY = "testimony", _("Testifying at a meeting")


class Status(models.TextChoices):
    NEW = "new", _("New")
    CONTACTED = "contacted", _("Contacted")
    ACTIVE = "active", _("Active")
    DORMANT = "dormant", _("Dormant")
    CLOSED = "closed", _("Closed")


# The pipeline staff move people along; anything else is refused.
TRANSITIONS: dict[str, set[str]] = {
    Status.NEW: {Status.CONTACTED, Status.CLOSED},
    Status.CONTACTED: {Status.ACTIVE, Status.DORMANT, Status.CLOSED},
    Status.ACTIVE: {Status.DORMANT, Status.CLOSED},
    Status.DORMANT: {Status.CONTACTED, Status.ACTIVE, Status.CLOSED},
    Status.CLOSED: {Status.NEW},
}


class Tag(models.Model):
    name = models.CharField(max_length=50, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class OrganizerQuerySet(models.QuerySet["Organizer"]):
    def confirmed(self) -> OrganizerQuerySet:
        return self.filter(confirmed_at__isnull=False)

    def overdue(self) -> OrganizerQuerySet:
        return (
            self.confirmed()
            .filter(next_follow_up__lt=timezone.now().date())
            .exclude(status=Status.CLOSED)
        )


class Organizer(models.Model):
    """Someone who asked to help challenge an ALPR contract where they live.

    Same privacy rules as signatures: personal fields encrypted, the email found again only
    through its blind index, place (city, state, ZIP) in clear for hubs and counts.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = EncryptedTextField(_("name"))
    email = EncryptedTextField(_("email"))
    email_index = models.CharField(max_length=64, unique=True, editable=False)
    phone = EncryptedTextField(_("phone"), blank=True)
    organization = EncryptedTextField(_("organization"), blank=True)
    message = EncryptedTextField(_("anything else"), blank=True)
    city = models.CharField(_("city"), max_length=100)
    state = models.CharField(_("state"), max_length=2)
    zip_code = models.CharField(_("ZIP code"), max_length=5)
    role = models.CharField(_("role"), max_length=12, choices=Role)
    uses_alpr = models.CharField(max_length=8, choices=UsesAlpr)
    vendor = models.CharField(max_length=10, choices=Vendor)
    stage = models.CharField(max_length=10, choices=Stage)
    help_wanted = models.JSONField(default=list, blank=True)
    wants_intro = models.BooleanField(_("introduce me to organizers near me"), default=False)
    send_updates = models.BooleanField(_("send me updates"), default=False)
    language = models.CharField(max_length=8, default="en")
    ip_hash = models.CharField(max_length=64, blank=True, default="", editable=False)
    # What the action core's checks made of the intake (actions/checks.py): shown to staff,
    # never to the person.
    fraud_state = models.CharField(
        max_length=10, choices=Standing, default=Standing.OK, editable=False
    )
    fraud_reasons = models.CharField(max_length=200, blank=True, default="", editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    # Staff pipeline
    status = models.CharField(max_length=10, choices=Status, default=Status.NEW)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="organizers",
    )
    next_follow_up = models.DateField(null=True, blank=True)
    tags = models.ManyToManyField(Tag, blank=True)
    # Any contact or change; inactive people are deleted after ORGANIZER_INACTIVE_RETENTION_DAYS.
    last_activity_at = models.DateTimeField(default=timezone.now)
    # Times this address asked to join again; the first DUPLICATE_NOTICE_LIMIT are emailed.
    notices_sent = models.PositiveSmallIntegerField(default=0)

    objects = OrganizerQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        permissions = [("view_organizer_data", "Can see organizers' contact details")]
        indexes = [models.Index(fields=["state", "city"], name="organizer_place")]

    def __str__(self) -> str:
        return f"Organizer {self.public_id} ({self.city}, {self.state})"

    def help_labels(self) -> list[str]:
        labels = dict(Help.choices)
        return [str(labels[h]) for h in self.help_wanted if h in labels]


class Note(models.Model):
    organizer = models.ForeignKey(Organizer, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(default=timezone.now)
    text = EncryptedTextField()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"note on {self.organizer_id} at {self.created_at:%Y-%m-%d}"
