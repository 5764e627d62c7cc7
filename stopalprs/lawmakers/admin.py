from django.contrib import admin

from stopalprs.audit.admin import AuditedAdmin
from stopalprs.lawmakers.models import CustomTarget, DistrictOffice, Legislator, ZipCode


@admin.register(Legislator)
class LegislatorAdmin(AuditedAdmin):
    list_display = ["name", "chamber", "state", "district", "party", "phone"]
    list_filter = ["chamber", "state"]
    search_fields = ["name", "source_id"]


@admin.register(DistrictOffice)
class DistrictOfficeAdmin(AuditedAdmin):
    list_display = ["legislator", "city", "state", "phone"]
    search_fields = ["legislator__name", "city"]


@admin.register(ZipCode)
class ZipCodeAdmin(AuditedAdmin):
    list_display = ["zip", "city", "state", "districts", "method"]
    search_fields = ["zip", "city"]


@admin.register(CustomTarget)
class CustomTargetAdmin(AuditedAdmin):
    list_display = ["name", "office", "campaign", "city", "state"]
    list_filter = ["campaign"]
