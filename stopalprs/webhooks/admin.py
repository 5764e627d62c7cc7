from django.contrib import admin

from stopalprs.lib.admin import ReadOnlyAdminMixin
from stopalprs.webhooks.models import Delivery


@admin.register(Delivery)
class DeliveryAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Read-only: endpoints are managed, and deliveries retried, from /staff/integrations/.
    Not even deleted here: the log is what says which tools were sent whose records (an
    erasure is announced to them from it), and the retention job prunes it."""

    list_display = ["created_at", "endpoint", "event", "status", "attempts", "response_status"]
    list_filter = ["status", "event"]
