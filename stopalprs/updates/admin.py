from django.contrib import admin

from stopalprs.lib.admin import ReadOnlyAdminMixin
from stopalprs.updates.models import Suppression, Update


@admin.register(Update)
class UpdateAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["subject", "audience", "campaign", "status", "recipient_count", "sent_at"]
    list_filter = ["status", "audience"]


@admin.register(Suppression)
class SuppressionAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["email_index", "reason", "created_at"]
    list_filter = ["reason"]
