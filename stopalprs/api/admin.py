from django.contrib import admin

from stopalprs.api.models import ApiToken
from stopalprs.lib.admin import ReadOnlyAdminMixin


@admin.register(ApiToken)
class ApiTokenAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Read-only: tokens are made and revoked at /staff/integrations/ (or made with
    `manage.py create_api_token`), where the service writes the audit entry."""

    list_display = ["name", "prefix", "scopes", "created_at", "last_used_at", "revoked_at"]
