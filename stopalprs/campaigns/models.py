from __future__ import annotations

import copy as copy_module
from datetime import datetime

from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# The campaign text staff may write in each language (see Campaign.translations).
TRANSLATABLE_FIELDS = [
    "title",
    "summary",
    "body",
    "ask",
    "share_text",
    "thank_you_text",
    "victory_message",
]


class CampaignQuerySet(models.QuerySet["Campaign"]):
    def public(self) -> CampaignQuerySet:
        """Campaigns anyone may see: everything but drafts."""
        return self.exclude(state=Campaign.State.DRAFT)

    def open(self) -> CampaignQuerySet:
        now = timezone.now()
        return (
            self.filter(state=Campaign.State.OPEN)
            .filter(models.Q(opens_at__isnull=True) | models.Q(opens_at__lte=now))
            .filter(models.Q(closes_at__isnull=True) | models.Q(closes_at__gt=now))
        )


class Campaign(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")
        WON = "won", _("Won")

    slug = models.SlugField(unique=True)
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), help_text=_("One or two sentences for the top."))
    body = models.TextField(_("body"), blank=True, help_text=_("Markdown."))
    ask = models.TextField(_("petition text"), help_text=_("What signers ask their lawmakers."))
    goal = models.PositiveIntegerField(_("signature goal"), default=1000)
    state = models.CharField(_("state"), max_length=10, choices=State, default=State.DRAFT)
    share_text = models.CharField(_("share text"), max_length=280, blank=True)
    thank_you_text = models.TextField(_("thank-you text"), blank=True, help_text=_("Markdown."))
    # Which lawmakers a signature is addressed to (custom local targets are their own model).
    target_house = models.BooleanField(_("addressed to the U.S. House"), default=True)
    target_senate = models.BooleanField(_("addressed to the U.S. Senate"), default=True)
    target_state_legislature = models.BooleanField(
        _("addressed to the state legislature"), default=True
    )
    victory_message = models.TextField(
        _("victory message"),
        blank=True,
        help_text=_("Markdown. Shown in place of the form once the campaign is won."),
    )
    # Text in other languages, {"es": {"title": "...", ...}}: one campaign, one count, whatever
    # language a signer reads it in. A missing field falls back to the English text.
    translations = models.JSONField(_("translations"), default=dict, blank=True)
    rate_limits = models.JSONField(
        _("rate limits"),
        default=dict,
        blank=True,
        help_text=_('Overrides of RATE_LIMITS, e.g. {"ip_burst": [2, 60]}.'),
    )
    opens_at = models.DateTimeField(_("opens at"), null=True, blank=True)
    closes_at = models.DateTimeField(_("closes at"), null=True, blank=True)
    # When the campaign stopped taking signatures (closed or won): starts the clock after
    # which its signers' personal data is anonymized.
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CampaignQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("campaigns:detail", args=[self.slug])

    def localized(self, language: str | None) -> Campaign:
        """A read-only copy with its text in ``language`` where staff wrote one."""
        text = self.translations.get((language or "")[:2], {}) if self.translations else {}
        if not text:
            return self
        copy = copy_module.copy(self)
        for name in TRANSLATABLE_FIELDS:
            if text.get(name):
                setattr(copy, name, text[name])
        return copy

    @property
    def ended(self) -> datetime | None:
        """When signing ended: the close date if it has passed, else when staff closed it."""
        now = timezone.now()
        if self.closes_at is not None and self.closes_at <= now:
            return self.closes_at
        if self.state in {self.State.CLOSED, self.State.WON}:
            return self.ended_at
        return None

    @property
    def accepts_signatures(self) -> bool:
        now = timezone.now()
        return (
            self.state == self.State.OPEN
            and (self.opens_at is None or self.opens_at <= now)
            and (self.closes_at is None or self.closes_at > now)
        )


class ShareTally(models.Model):
    """One signature that arrived through one of our share links (``?s=<channel>``).

    Inserted beside the signature, never linked to it, and only the day is kept: a campaign
    learns how many came through each channel, never who did. Insert-only, so there is no
    counter row for concurrent signatures to fight over.
    """

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="+")
    channel = models.CharField(max_length=20)
    day = models.DateField(default=timezone.localdate)
    # An address that had signed already came through the link: tallied apart, not counted,
    # so that a repeat costs the signer's request what a new signature does.
    repeat = models.BooleanField(default=False)

    class Meta:
        indexes = [models.Index(fields=["campaign", "channel"], name="share_tally_idx")]

    def __str__(self) -> str:
        return f"{self.channel} on {self.day}"
