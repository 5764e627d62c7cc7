from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from stopalprs.lib.fields import EncryptedTextField


class Email(models.Model):
    """One message that must reach one person: the durable half of the mail queue.

    The row is written in the same transaction as the change that calls for it, so a commit
    always leaves a record of what must be sent, even if the process dies before the task is
    enqueued. The content is rendered only at sending time from the related record, so the row
    holds no personal data (but for ``recipient``, below), and erasing a person deletes their
    queued mail by cascade.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    kind = models.CharField(max_length=40)
    signature = models.ForeignKey(
        "signatures.Signature",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="emails",
    )
    organizer = models.ForeignKey(
        "organizing.Organizer",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="emails",
    )
    # Only for mail about a record that no longer exists (an erasure receipt) or that the
    # address has no record for (a manage-my-data link). Encrypted; blanked once sent.
    recipient = EncryptedTextField(blank=True, default="")
    # Template context that says nothing about a person on its own (e.g. a campaign title).
    context = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=10, choices=Status, default=Status.QUEUED)
    attempts = models.PositiveIntegerField(default=0)
    # Fixed before the first attempt so a retried message keeps its identity for receivers.
    message_id = models.CharField(max_length=200, blank=True)
    # While a worker holds a lease, no other worker may send this email.
    lease_until = models.DateTimeField(null=True, blank=True)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    # The SMTP reply code and exception class only: never an address or a message body.
    last_error = models.CharField(max_length=200, blank=True)

    class Meta:
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="email_due_idx")]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk} ({self.status})"
