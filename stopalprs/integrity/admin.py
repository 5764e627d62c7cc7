from django.contrib import admin

from stopalprs.integrity.models import BulkAction, TrendAlert
from stopalprs.lib.admin import ReadOnlyAdminMixin


@admin.register(TrendAlert)
class TrendAlertAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("hour", "campaign", "kind", "value", "count")
    list_filter = ("kind", "campaign")


@admin.register(BulkAction)
class BulkActionAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("created_at", "campaign", "kind", "count", "reason", "actor", "undone_at")
