from __future__ import annotations

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from stopalprs.actions.checks import Standing
from stopalprs.lib.fields import EncryptedTextField


def new_receipt() -> str:
    return secrets.token_hex(16)


class SignatureQuerySet(models.QuerySet["Signature"]):
    def pending(self) -> SignatureQuerySet:
        return self.filter(status=Signature.Status.PENDING)

    def confirmed(self) -> SignatureQuerySet:
        return self.filter(status=Signature.Status.CONFIRMED)

    def counted(self) -> SignatureQuerySet:
        """The signatures that make up a campaign's public count: confirmed and not held
        back as suspect or invalid."""
        return self.confirmed().filter(fraud_state=Signature.FraudState.OK)


class Signature(models.Model):
    """One person's signature on one campaign.

    Names, email and comment are encrypted at rest; the email is found again only through its
    blind index. ZIP and state stay in clear because public counts are aggregated over them.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for email confirmation")
        CONFIRMED = "confirmed", _("Confirmed")

    # What the action core's checks made of it (actions/checks.py).
    FraudState = Standing

    class Source(models.TextChoices):
        ONLINE = "online", _("Online")
        PAPER = "paper", _("Paper")
        # Brought in from another tool (a CSV export, or an API client trusted to confirm).
        IMPORT = "import", _("Imported")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # Every index is written on every signature. The campaign's own would repeat the first
    # column of the composite indexes below; the two optional links are indexed only where
    # set (Meta.indexes), not for the millions of online signatures that have neither.
    campaign = models.ForeignKey(
        "campaigns.Campaign",
        on_delete=models.PROTECT,
        related_name="signatures",
        db_index=False,
    )
    first_name = EncryptedTextField(_("first name"))
    last_name = EncryptedTextField(_("last name"))
    email = EncryptedTextField(_("email"))
    # Null once anonymized: the signature still counts, but no address can find it again.
    # NULL, not "", because the unique constraint must let many anonymized rows coexist.
    email_index = models.CharField(max_length=64, null=True, editable=False)  # noqa: DJ001
    comment = EncryptedTextField(_("comment"), blank=True)
    zip_code = models.CharField(_("ZIP code"), max_length=5)
    state = models.CharField(_("state"), max_length=2)
    # Congressional district ("CA-11"); empty where none applies (military mail).
    district = models.CharField(_("district"), max_length=6, blank=True)
    share_name = models.BooleanField(_("share my name with my lawmakers"), default=False)
    send_updates = models.BooleanField(_("send me updates"), default=False)
    language = models.CharField(max_length=8, default="en")
    status = models.CharField(max_length=10, choices=Status, default=Status.PENDING)
    created_at = models.DateTimeField(default=timezone.now)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    # HMAC of the client address under that day's key (see privacy.DailyKey); blanked after
    # IP_HASH_RETENTION_DAYS, and unreadable by anyone once the day's key is destroyed.
    ip_hash = models.CharField(max_length=64, blank=True, default="", editable=False)
    anonymized_at = models.DateTimeField(null=True, blank=True)
    # Given to the signer in their confirmation email; its hash is a leaf of the Merkle tree
    # committed to in every delivery packet that counts them (see lawmakers.delivery).
    receipt = models.CharField(max_length=32, unique=True, default=new_receipt, editable=False)
    fraud_state = models.CharField(max_length=10, choices=FraudState, default=FraudState.OK)
    fraud_reasons = models.CharField(max_length=200, blank=True)
    # The state before the last bulk action, so that action can be undone.
    prior_fraud_state = models.CharField(max_length=10, blank=True)
    bulk_action = models.ForeignKey(
        "integrity.BulkAction",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="signatures",
        db_index=False,
    )
    # For hourly trending and bulk invalidation by domain; blanked with the address hash.
    email_domain = models.CharField(max_length=100, blank=True)
    # Online, or copied from a paper sheet signed at an event (see PaperBatch).
    source = models.CharField(max_length=10, choices=Source, default=Source.ONLINE)
    paper_batch = models.ForeignKey(
        "signatures.PaperBatch",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="signatures",
        db_index=False,
    )
    # "You already signed" emails sent for this signature (see DUPLICATE_NOTICE_LIMIT).
    notices_sent = models.PositiveSmallIntegerField(default=0)
    # Set when signing, cleared once the confirmation email is queued: the signature row is
    # its own outbox, so a signer's request writes one row (services.relay_confirmations).
    confirmation_due = models.BooleanField(default=False, editable=False)
    # Set when the same address signs again, cleared once its "you already signed" email is
    # queued: the signer's request writes this row whether it is new or not, so the reply
    # takes as long either way (services.sign_petition).
    duplicate_due = models.BooleanField(default=False, editable=False)

    objects = SignatureQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "email_index"], name="one_signature_per_email"
            )
        ]
        permissions = [
            ("view_personal_data", "Can see signers' names, email addresses and comments"),
            ("export_signatures", "Can export signatures with personal data"),
            ("import_signatures", "Can import signatures from other tools"),
        ]
        indexes = [
            models.Index(
                fields=["campaign", "status", "state", "district"], name="signature_count_idx"
            ),
            models.Index(fields=["status", "created_at"], name="signature_status_age_idx"),
            # Counting what was confirmed since the last full count (campaigns/services.py).
            models.Index(
                fields=["campaign", "confirmed_at"],
                condition=models.Q(confirmed_at__isnull=False),
                name="signature_confirmed_idx",
            ),
            models.Index(
                fields=["bulk_action"],
                condition=models.Q(bulk_action__isnull=False),
                name="signature_bulk_action_idx",
            ),
            models.Index(
                fields=["paper_batch"],
                condition=models.Q(paper_batch__isnull=False),
                name="signature_paper_batch_idx",
            ),
            models.Index(
                fields=["id"],
                condition=models.Q(confirmation_due=True),
                name="signature_confirmation_due",
            ),
            models.Index(
                fields=["id"],
                condition=models.Q(duplicate_due=True),
                name="signature_duplicate_due",
            ),
        ]

    def __str__(self) -> str:
        return f"Signature {self.public_id} ({self.status})"


class PaperBatch(models.Model):
    """Sheets signed on paper at one event, copied in by staff.

    The consent line printed on the sheets is kept word for word: it is what those signers
    agreed to, and it decides whether they may be emailed at all.
    """

    campaign = models.ForeignKey(
        "campaigns.Campaign", on_delete=models.PROTECT, related_name="paper_batches"
    )
    event = models.CharField(_("event"), max_length=200)
    collected_on = models.DateField(_("collected on"))
    consent_text = models.TextField(
        _("consent line on the sheet"),
        help_text=_("Word for word, as printed on the paper the signers signed."),
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-collected_on", "-pk"]
        verbose_name_plural = _("paper batches")

    def __str__(self) -> str:
        return f"{self.event} ({self.collected_on})"
