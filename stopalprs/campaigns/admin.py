from django.contrib import admin

from stopalprs.campaigns.models import Campaign


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ["title", "slug", "state", "goal", "opens_at", "closes_at"]
    list_filter = ["state"]
    prepopulated_fields = {"slug": ["title"]}
    search_fields = ["title", "slug"]
