from django.apps import AppConfig


class WebhooksConfig(AppConfig):
    name = "stopalprs.webhooks"
    verbose_name = "Webhooks"

    def ready(self) -> None:
        from stopalprs.lib import events
        from stopalprs.webhooks import services

        events.subscribe(services.on_event)
