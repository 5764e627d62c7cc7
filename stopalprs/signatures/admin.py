from django.contrib import admin

from stopalprs.signatures.models import Signature


@admin.register(Signature)
class SignatureAdmin(admin.ModelAdmin):
    """Aggregate-level view only: names, email and comment stay out of the admin until staff
    access to personal data is audited (see the privacy app)."""

    list_display = ["public_id", "campaign", "status", "state", "zip_code", "created_at"]
    list_filter = ["status", "campaign", "state"]
    readonly_fields = fields = (
        "public_id", "campaign", "status", "state", "zip_code", "send_updates",
        "created_at", "confirmed_at",
    )  # fmt: skip

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False
