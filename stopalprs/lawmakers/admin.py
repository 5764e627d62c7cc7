from django.contrib import admin

from stopalprs.lawmakers.models import CustomTarget, DistrictOffice, Legislator, ZipCode


@admin.register(Legislator)
class LegislatorAdmin(admin.ModelAdmin):
    list_display = ["name", "chamber", "state", "district", "party", "phone"]
    list_filter = ["chamber", "state"]
    search_fields = ["name", "source_id"]


@admin.register(DistrictOffice)
class DistrictOfficeAdmin(admin.ModelAdmin):
    list_display = ["legislator", "city", "state", "phone"]
    search_fields = ["legislator__name", "city"]


@admin.register(ZipCode)
class ZipCodeAdmin(admin.ModelAdmin):
    list_display = ["zip", "city", "state", "districts", "method"]
    search_fields = ["zip", "city"]


@admin.register(CustomTarget)
class CustomTargetAdmin(admin.ModelAdmin):
    list_display = ["name", "office", "campaign", "city", "state"]
    list_filter = ["campaign"]
