from django.apps import AppConfig


class WebhooksConfig(AppConfig):
    name = "stopalprs.webhooks"
    verbose_name = "Webhooks"
