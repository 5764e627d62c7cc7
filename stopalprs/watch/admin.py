from django.contrib import admin

from stopalprs.watch.models import ContractAction


@admin.register(ContractAction)
class ContractActionAdmin(admin.ModelAdmin):
    list_display = ["city", "state", "vendor", "action", "date", "verified"]
    list_filter = ["action", "state", "verified"]
    search_fields = ["city"]
