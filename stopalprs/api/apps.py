from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "stopalprs.api"
    verbose_name = "API"

    def ready(self) -> None:
        # In ready(): models may be imported only once the app registry is loaded.
        from stopalprs.api.services import tools_reading_people
        from stopalprs.privacy.services import register_connected_tools

        register_connected_tools(tools_reading_people)
