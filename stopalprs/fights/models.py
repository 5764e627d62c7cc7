"""Local fights: the council vote on a place's ALPR contract, and what people do to win it.

A fight belongs to one of the watch's places. It holds the contract's facts with their
sources, the people who decide (and where each stands, with the history), the meetings where
it is decided with the city's own public-comment rules, and the public comments people send.
"""

from __future__ import annotations

import uuid
import zoneinfo
from datetime import datetime

from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from stopalprs.lib.fields import EncryptedTextField
from stopalprs.signatures.models import Signature

TIME_ZONES = [
    ("America/New_York", "Eastern"),
    ("America/Chicago", "Central"),
    ("America/Denver", "Mountain"),
    ("America/Phoenix", "Arizona"),
    ("America/Los_Angeles", "Pacific"),
    ("America/Anchorage", "Alaska"),
    ("Pacific/Honolulu", "Hawaii"),
    ("America/Puerto_Rico", "Atlantic"),
]


class Fight(models.Model):
    """The fight over one place's ALPR contract."""

    class Status(models.TextChoices):
        APPROVED = "approved", _("Approved: cameras running")
        RENEWAL = "renewal", _("Up for renewal")
        REVIEW = "review", _("Under review")
        PAUSED = "paused", _("Paused")
        CANCELLED = "cancelled", _("Cancelled")
        NEVER = "never", _("Never approved")

    class Delivery(models.TextChoices):
        EACH = "each", _("One email per comment")
        PACKET = "packet", _("One packet before the deadline")

    jurisdiction = models.OneToOneField(
        "watch.Jurisdiction", on_delete=models.PROTECT, related_name="fight"
    )
    slug = models.SlugField(max_length=120, unique=True)
    status = models.CharField(max_length=10, choices=Status, default=Status.APPROVED)
    summary = models.TextField(help_text="Plain words: what is at stake, in two sentences.")
    summary_es = models.TextField(blank=True, help_text="The summary in Spanish.")
    time_zone = models.CharField(max_length=40, choices=TIME_ZONES, default="America/New_York")
    group_name = models.CharField(max_length=200, blank=True)
    group_contact = models.CharField(
        max_length=300, blank=True, help_text="A public email address or web page of the group."
    )
    group_meets = models.CharField(max_length=300, blank=True)
    # How the city's clerk gets the comments: one email per comment, or one packet.
    delivery = models.CharField(max_length=10, choices=Delivery, default=Delivery.EACH)
    # The local petition: a campaign addressed to this fight's decision makers.
    petition = models.OneToOneField(
        "campaigns.Campaign",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="fight",
    )
    published = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["jurisdiction__state", "jurisdiction__name"]

    def __str__(self) -> str:
        return str(self.jurisdiction)

    def get_absolute_url(self) -> str:
        return reverse("fights:detail", args=[self.slug])

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)

    @property
    def won(self) -> bool:
        return self.status in {self.Status.CANCELLED, self.Status.NEVER}

    def summary_in(self, language: str) -> str:
        return self.summary_es if language.startswith("es") and self.summary_es else self.summary


class Contract(models.Model):
    """One contract (or proposed contract) with its facts and where they come from."""

    fight = models.ForeignKey(Fight, on_delete=models.CASCADE, related_name="contracts")
    vendor = models.CharField(max_length=120)
    amount = models.CharField(max_length=100, blank=True, help_text="As the source gives it.")
    cameras = models.PositiveIntegerField(null=True, blank=True)
    starts_on = models.DateField(null=True, blank=True)
    ends_on = models.DateField(null=True, blank=True)
    renewal_on = models.DateField(null=True, blank=True)
    notice_by = models.DateField(
        null=True, blank=True, help_text="The last day to give notice of non-renewal."
    )
    data_sharing = models.TextField(blank=True)
    termination = models.TextField(blank=True, help_text="The termination clause, in brief.")
    source_url = models.URLField(max_length=500)
    source_title = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-starts_on", "pk"]

    def __str__(self) -> str:
        return f"{self.vendor} ({self.fight})"


class DecisionMaker(models.Model):
    """Someone who votes on (or carries out) the contract: public office, public contact."""

    class Role(models.TextChoices):
        COUNCIL = "council", _("Council member")
        COMMISSIONER = "commissioner", _("Commissioner")
        MAYOR = "mayor", _("Mayor")
        CHIEF = "chief", _("Police chief")
        SHERIFF = "sheriff", _("Sheriff")
        CLERK = "clerk", _("Clerk")
        MANAGER = "manager", _("City manager")

    fight = models.ForeignKey(Fight, on_delete=models.CASCADE, related_name="decision_makers")
    name = models.CharField(max_length=200)
    role = models.CharField(max_length=20, choices=Role, default=Role.COUNCIL)
    seat = models.CharField(max_length=100, blank=True, help_text="District or seat.")
    votes = models.BooleanField(default=True, help_text="Has a vote on the contract.")
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    office = models.CharField(max_length=300, blank=True)
    web_form = models.URLField(max_length=500, blank=True)
    term_ends = models.DateField(null=True, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["fight", "-votes", "order", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_role_display()})"

    @property
    def stance(self) -> Stance | None:
        """The latest stance, from the prefetched list when there is one."""
        stances = list(self.stances.all())
        return max(stances, key=lambda s: (s.as_of, s.pk)) if stances else None

    @property
    def tel(self) -> str:
        """The number for a ``tel:`` link, in international form for a U.S. number (so a
        phone abroad, or one set to another country, dials the right place)."""
        digits = "".join(c for c in self.phone if c.isdigit())
        if self.phone.strip().startswith("+"):
            return "+" + digits
        if len(digits) == 10:
            return "+1" + digits
        if len(digits) == 11 and digits.startswith("1"):
            return "+" + digits
        return digits


class Stance(models.Model):
    """Where a decision maker stands, as of a date, and how we know. Never edited away: a
    change of mind is a new row, so the history stays."""

    class Position(models.TextChoices):
        OPPOSES = "opposes", _("Opposes the cameras")
        LEANING_NO = "leaning_no", _("Leaning against")
        UNDECIDED = "undecided", _("Undecided")
        LEANING_YES = "leaning_yes", _("Leaning for")
        SUPPORTS = "supports", _("Supports the cameras")
        UNKNOWN = "unknown", _("Unknown")

    class Source(models.TextChoices):
        VOTE = "vote", _("A vote")
        QUOTE = "quote", _("A public statement")
        MEETING = "meeting", _("A meeting")
        OTHER = "other", _("Other")

    decision_maker = models.ForeignKey(
        DecisionMaker, on_delete=models.CASCADE, related_name="stances"
    )
    position = models.CharField(max_length=12, choices=Position)
    as_of = models.DateField()
    source = models.CharField(max_length=10, choices=Source)
    source_url = models.URLField(max_length=500, blank=True)
    note = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-as_of", "-pk"]

    def __str__(self) -> str:
        return f"{self.decision_maker.name}: {self.position} ({self.as_of})"


class Meeting(models.Model):
    """A meeting where the contract is on the agenda, with the city's public-comment rules."""

    class Item(models.TextChoices):
        APPROVAL = "approval", _("Approval of a contract")
        RENEWAL = "renewal", _("Renewal")
        EXPANSION = "expansion", _("Expansion")
        CANCELLATION = "cancellation", _("Cancellation")
        POLICY = "policy", _("A policy on the cameras")

    fight = models.ForeignKey(Fight, on_delete=models.CASCADE, related_name="meetings")
    body = models.CharField(max_length=200, help_text="E.g. 'City Council'.")
    starts_at = models.DateTimeField()
    location = models.CharField(max_length=300, blank=True)
    remote_url = models.URLField(max_length=500, blank=True)
    agenda_url = models.URLField(max_length=500, blank=True)
    item_number = models.CharField(max_length=40, blank=True)
    item = models.CharField(max_length=15, choices=Item, default=Item.RENEWAL)
    is_vote = models.BooleanField(default=True, help_text="A vote on the contract is expected.")
    # The city's own rules for public comment.
    comment_email = models.EmailField(blank=True, help_text="Where written comments go.")
    comment_portal_url = models.URLField(
        max_length=500, blank=True, help_text="The city's eComment page, if it takes them there."
    )
    comment_deadline = models.DateTimeField(null=True, blank=True)
    word_limit = models.PositiveIntegerField(null=True, blank=True)
    asks_zip = models.BooleanField(default=True, help_text="The city asks for a ZIP code.")
    read_aloud = models.BooleanField(default=False, help_text="Written comments are read aloud.")
    speak_signup = models.CharField(
        max_length=500, blank=True, help_text="How to sign up to speak."
    )
    starter_text = models.TextField(blank=True, help_text="A starting point people edit.")
    starter_text_es = models.TextField(blank=True)
    # Each alert goes out once: when the vote was announced and the 48-hour reminder.
    announced_at = models.DateTimeField(null=True, blank=True)
    deadline_alerted_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["starts_at"]

    def __str__(self) -> str:
        return f"{self.body}, {self.starts_at:%Y-%m-%d} ({self.fight})"

    def get_absolute_url(self) -> str:
        return reverse("fights:meeting", args=[self.fight.slug, self.pk])

    @property
    def local_start(self) -> datetime:
        return timezone.localtime(self.starts_at, self.fight.zone)

    @property
    def local_deadline(self) -> datetime | None:
        if self.comment_deadline is None:
            return None
        return timezone.localtime(self.comment_deadline, self.fight.zone)

    @property
    def takes_email(self) -> bool:
        return bool(self.comment_email)

    @property
    def takes_comments(self) -> bool:
        return bool(self.comment_email or self.comment_portal_url)

    def comments_open(self, now: datetime | None = None) -> bool:
        now = now or timezone.now()
        deadline = self.comment_deadline or self.starts_at
        return self.takes_comments and now < deadline

    def starter_in(self, language: str) -> str:
        if language.startswith("es") and self.starter_text_es:
            return self.starter_text_es
        return self.starter_text


class Outcome(models.Model):
    """What the council decided at a meeting, with its source."""

    class Decision(models.TextChoices):
        CANCELLED = "cancelled", _("Cancelled")
        NOT_RENEWED = "not_renewed", _("Not renewed")
        PAUSED = "paused", _("Paused")
        APPROVED = "approved", _("Approved")
        POSTPONED = "postponed", _("Postponed")

    fight = models.ForeignKey(Fight, on_delete=models.CASCADE, related_name="outcomes")
    meeting = models.OneToOneField(
        Meeting, null=True, blank=True, on_delete=models.SET_NULL, related_name="outcome"
    )
    decision = models.CharField(max_length=12, choices=Decision)
    decided_on = models.DateField()
    source_url = models.URLField(max_length=500)
    note = models.CharField(max_length=300, blank=True)
    announced_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-decided_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.fight}: {self.decision} ({self.decided_on})"

    @property
    def won(self) -> bool:
        return self.decision in {self.Decision.CANCELLED, self.Decision.NOT_RENEWED}


class Vote(models.Model):
    """How one member voted on the contract at a meeting."""

    class Choice(models.TextChoices):
        AGAINST = "against", _("Against the cameras")
        FOR = "for", _("For the cameras")
        ABSTAIN = "abstain", _("Abstained")
        ABSENT = "absent", _("Absent")

    outcome = models.ForeignKey(Outcome, on_delete=models.CASCADE, related_name="votes")
    decision_maker = models.ForeignKey(
        DecisionMaker, on_delete=models.CASCADE, related_name="votes_cast"
    )
    choice = models.CharField(max_length=10, choices=Choice)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["outcome", "decision_maker"], name="one_vote_each")
        ]

    def __str__(self) -> str:
        return f"{self.decision_maker.name}: {self.choice}"


class CityDelivery(models.Model):
    """One email to a city's comment address: one comment, or a packet of them. The record
    of what was sent when; a channel of the outbox (``fights.services.CITY``)."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENT = "sent", _("Sent")
        LATE = "late", _("Not sent: the meeting had begun")
        FAILED = "failed", _("Failed")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="deliveries")
    to_address = models.EmailField()
    status = models.CharField(max_length=10, choices=Status, default=Status.QUEUED)
    attempts = models.PositiveIntegerField(default=0)
    message_id = models.CharField(max_length=200, blank=True)
    lease_until = models.DateTimeField(null=True, blank=True)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    last_error = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    comment_count = models.PositiveIntegerField(default=0)
    # SHA-256 of the text sent: what was sent can be checked without keeping a copy of it.
    digest = models.CharField(max_length=64, blank=True)

    class Meta:
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="city_due_idx")]

    def __str__(self) -> str:
        return f"delivery #{self.pk} to {self.to_address} ({self.status})"


class Comment(models.Model):
    """A public comment on a meeting's agenda item, in the commenter's own words."""

    class Position(models.TextChoices):
        OPPOSE = "oppose", _("I oppose the cameras")
        SUPPORT = "support", _("I support the cameras")
        OTHER = "other", _("Something else")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="comments")
    position = models.CharField(max_length=10, choices=Position)
    body = EncryptedTextField()
    name = EncryptedTextField()
    zip_code = models.CharField(max_length=5, blank=True)
    resident = models.BooleanField(default=False)
    email = EncryptedTextField()
    # None once retention strips the comment (its counts stay, its writer is gone).
    email_index = models.CharField(max_length=64, null=True, editable=False)  # noqa: DJ001
    language = models.CharField(max_length=8, default="en")
    fraud_state = models.CharField(
        max_length=10, choices=Signature.FraudState, default=Signature.FraudState.OK
    )
    fraud_reasons = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    delivery = models.ForeignKey(
        CityDelivery, null=True, blank=True, on_delete=models.SET_NULL, related_name="comments"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["meeting", "email_index"], name="one_comment_each")
        ]

    def __str__(self) -> str:
        return f"comment #{self.pk} on {self.meeting_id}"


class Tally(models.Model):
    """A count by day and channel, never by person: calls, emails, copies to a portal."""

    class Channel(models.TextChoices):
        CALL = "call", _("Call")
        EMAIL = "email", _("Email")
        FORM = "form", _("Web form")
        PORTAL = "portal", _("Comment in the city's portal")

    fight = models.ForeignKey(Fight, on_delete=models.CASCADE, related_name="tallies")
    channel = models.CharField(max_length=10, choices=Channel)
    day = models.DateField(default=timezone.localdate)

    class Meta:
        indexes = [models.Index(fields=["fight", "channel"], name="fight_tally_idx")]

    def __str__(self) -> str:
        return f"{self.channel} on {self.day}"
