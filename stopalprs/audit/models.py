"""The audit trail: every staff access to personal data and every change made by staff."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditEntryQuerySet(models.QuerySet["AuditEntry"]):
    def update(self, **kwargs: object) -> int:
        raise PermissionError("audit entries are append-only")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise PermissionError("audit entries are append-only")


class AuditEntry(models.Model):
    """One staff access to personal data, or one change made by staff. Append-only.

    Written by the service that performs the access or change, in the same transaction (see
    ``audit.services.record``), so what happened always has its entry.
    """

    class Action(models.TextChoices):
        VIEW = "view", _("Viewed a person's record")
        SEARCH = "search", _("Searched by email address")
        EXPORT = "export", _("Exported personal data")
        CHANGE = "change", _("Changed a record")

    created_at = models.DateTimeField(default=timezone.now, editable=False)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, editable=False
    )
    # Kept when the staff account is later deleted, so the trail stays readable.
    actor_name = models.CharField(max_length=150, editable=False)
    action = models.CharField(max_length=10, choices=Action, editable=False)
    object_type = models.CharField(max_length=50, editable=False)
    object_ref = models.CharField(max_length=200, blank=True, editable=False)
    record_count = models.PositiveIntegerField(default=0, editable=False)
    # What was done, in words; never the personal data itself (no searched address).
    detail = models.CharField(max_length=500, blank=True, editable=False)
    # What was done, for machines: "campaign.edited", "api_token.created"… (see VERBS).
    verb = models.CharField(max_length=60, blank=True, editable=False, db_index=True)
    # The change itself: {"before": {…}, "after": {…}} of the fields that changed, or what
    # was chosen (an export's standings). Never a person's data.
    data = models.JSONField(default=dict, blank=True, editable=False)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        # The table it has had since it lived in the privacy app.
        db_table = "privacy_auditentry"
        ordering = ["-created_at"]
        verbose_name_plural = "audit entries"

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_name} {self.action}"

    def save(self, *args: object, **kwargs: object) -> None:
        if self.pk is not None:
            raise PermissionError("audit entries are append-only")
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise PermissionError("audit entries are append-only")
