from django.apps import AppConfig


class CampaignsConfig(AppConfig):
    name = "stopalprs.campaigns"
    verbose_name = "Campaigns"
