from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Update(models.Model):
    """News for supporters: written by staff, sent once, through the mail queue."""

    class Audience(models.TextChoices):
        SIGNERS = "signers", _("Confirmed signers of a campaign who asked for updates")
        ORGANIZERS = "organizers", _("The organizer network (those who asked for updates)")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")

    audience = models.CharField(_("audience"), max_length=12, choices=Audience)
    campaign = models.ForeignKey(
        "campaigns.Campaign",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="updates",
    )
    # Optional narrowing of the signer audience.
    state = models.CharField(_("only signers in state"), max_length=2, blank=True)
    district = models.CharField(_("only signers in district"), max_length=6, blank=True)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("message"), help_text=_("Markdown."))
    # The same update in other languages: {"es": {"subject": …, "body": …}}. English is
    # required; a recipient whose language has no text here gets the English one, whole.
    translations = models.JSONField(_("translations"), default=dict, blank=True)
    status = models.CharField(max_length=10, choices=Status, default=Status.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    sent_at = models.DateTimeField(null=True, blank=True)
    recipient_count = models.PositiveIntegerField(default=0)
    # The last recipient row queued: a fan-out that dies resumes after it, never doubling.
    cursor = models.PositiveBigIntegerField(default=0)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.subject

    def language_for(self, language: str) -> str:
        """The language a recipient who reads ``language`` gets this update in."""
        code = (language or "")[:2]
        return code if (self.translations or {}).get(code, {}).get("body") else "en"

    def text(self, language: str) -> tuple[str, str]:
        """(subject, body) in ``language_for(language)``."""
        code = self.language_for(language)
        if code == "en":
            return self.subject, self.body
        version = self.translations[code]
        return version.get("subject") or self.subject, version["body"]


class Suppression(models.Model):
    """An address that gets no more updates: unsubscribed, bounced or complained.

    Keyed by the address's blind index, so the list holds no address in clear. Confirmation
    emails and receipts a person asks for still go out; updates never do.
    """

    class Reason(models.TextChoices):
        UNSUBSCRIBED = "unsubscribed", _("Unsubscribed")
        BOUNCED = "bounced", _("Bounced")
        COMPLAINED = "complained", _("Marked as spam")

    email_index = models.CharField(max_length=64, unique=True)
    reason = models.CharField(max_length=12, choices=Reason)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.reason} {self.email_index[:12]}…"
