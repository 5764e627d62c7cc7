from django.contrib import admin

from stopalprs.webhooks.models import Delivery


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    """Read-only: endpoints are managed, and deliveries retried, from /staff/integrations/."""

    list_display = ["created_at", "endpoint", "event", "status", "attempts", "response_status"]
    list_filter = ["status", "event"]

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False
