from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from stopalprs.campaigns.models import Campaign
from stopalprs.campaigns.services import note_state_change


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ["title", "slug", "state", "goal", "opens_at", "closes_at"]
    list_filter = ["state"]
    prepopulated_fields = {"slug": ["title"]}
    search_fields = ["title", "slug"]
    readonly_fields = ["ended_at"]

    def save_model(self, request: HttpRequest, obj: Campaign, form: Any, change: bool) -> None:
        if "state" in form.changed_data:
            note_state_change(obj)
        super().save_model(request, obj, form, change)
