from django.apps import AppConfig


class OrganizingConfig(AppConfig):
    name = "stopalprs.organizing"
    verbose_name = "Organizer network"

    def ready(self) -> None:
        # In ready(): models may be imported only once the app registry is loaded.
        from stopalprs.actions import kinds
        from stopalprs.organizing import emails  # noqa: F401 - registers the email kinds
        from stopalprs.organizing.kind import ORGANIZER

        kinds.register(ORGANIZER)
