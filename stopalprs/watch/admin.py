from django.contrib import admin

from stopalprs.audit.admin import AuditedAdmin
from stopalprs.watch.models import ContractAction, Jurisdiction


@admin.register(ContractAction)
class ContractActionAdmin(AuditedAdmin):
    list_display = ["city", "state", "vendor", "action", "date", "verified"]
    list_filter = ["action", "state", "verified"]
    search_fields = ["city"]


@admin.register(Jurisdiction)
class JurisdictionAdmin(AuditedAdmin):
    """Staff fill in what the shipped data lacks: renewal dates, camera counts, terms."""

    list_display = ["name", "state", "status", "vendor", "renewal_date", "camera_count"]
    list_filter = ["status", "state"]
    search_fields = ["name"]
