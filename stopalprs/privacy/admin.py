from __future__ import annotations

from django.contrib import admin

from stopalprs.audit.admin import AuditedAdmin
from stopalprs.lib.admin import ReadOnlyAdminMixin
from stopalprs.privacy.models import DeletionLog, LegalDemand


@admin.register(DeletionLog)
class DeletionLogAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("day", "kind", "count")
    list_filter = ("kind",)


@admin.register(LegalDemand)
class LegalDemandAdmin(AuditedAdmin):
    list_display = (
        "received_on",
        "requester",
        "kind",
        "outcome",
        "records_disclosed",
        "people_notified",
    )
    list_filter = ("outcome",)
