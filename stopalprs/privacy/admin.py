from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from stopalprs.lib.admin import ReadOnlyAdminMixin
from stopalprs.privacy.models import AuditEntry, DeletionLog, LegalDemand


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Superusers read the audit log; nobody adds, edits or deletes it here."""

    list_display = (
        "created_at",
        "actor_name",
        "action",
        "object_type",
        "object_ref",
        "record_count",
        "detail",
    )
    list_filter = ("action", "object_type")
    search_fields = ("actor_name", "object_ref")
    date_hierarchy = "created_at"

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(request.user.is_active and request.user.is_superuser)  # type: ignore[union-attr]

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self.has_view_permission(request)


@admin.register(DeletionLog)
class DeletionLogAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("day", "kind", "count")
    list_filter = ("kind",)


@admin.register(LegalDemand)
class LegalDemandAdmin(admin.ModelAdmin):
    list_display = (
        "received_on",
        "requester",
        "kind",
        "outcome",
        "records_disclosed",
        "people_notified",
    )
    list_filter = ("outcome",)
