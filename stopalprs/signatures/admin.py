from django.contrib import admin

from stopalprs.lib.admin import ReadOnlyAdminMixin
from stopalprs.signatures.models import Signature


@admin.register(Signature)
class SignatureAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Aggregate-level view only: names, email and comment are shown in /staff/ alone, where
    every look writes an audit entry."""

    list_display = ["public_id", "campaign", "status", "state", "zip_code", "created_at"]
    list_filter = ["status", "campaign", "state"]
    readonly_fields = fields = (
        "public_id",
        "campaign",
        "status",
        "state",
        "zip_code",
        "send_updates",
        "created_at",
        "confirmed_at",
    )
