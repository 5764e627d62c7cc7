from django.apps import AppConfig


class WebhooksConfig(AppConfig):
    name = "stopalprs.webhooks"
    verbose_name = "Webhooks"

    def ready(self) -> None:
        # In ready(): models may be imported only once the app registry is loaded.
        from stopalprs.actions import kinds
        from stopalprs.lib import events
        from stopalprs.privacy.services import register_connected_tools
        from stopalprs.webhooks import services

        events.subscribe(services.on_event)
        register_connected_tools(services.tools_given_personal_data)
        # The webhook log names no one (an event and a record's number), so its pruning is
        # not a deletion of personal data for the public log; it keeps the table small.
        kinds.register_purge(kinds.Purge(log_as="", rows=services.old_deliveries))
