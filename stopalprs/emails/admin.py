from django.contrib import admin

from stopalprs.emails.models import Email
from stopalprs.lib.admin import ReadOnlyAdminMixin


@admin.register(Email)
class EmailAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("pk", "kind", "status", "attempts", "created_at", "sent_at", "last_error")
    list_filter = ("status", "kind")
    readonly_fields = fields = (
        "kind",
        "status",
        "attempts",
        "created_at",
        "sent_at",
        "last_error",
        "next_attempt_at",
        "message_id",
    )
