from django.apps import AppConfig


class OrganizingConfig(AppConfig):
    name = "stopalprs.organizing"
    verbose_name = "Organizer network"

    def ready(self) -> None:
        from stopalprs.actions import kinds
        from stopalprs.organizing import emails  # noqa: F401 - registers the email kinds
        from stopalprs.organizing.kind import ORGANIZER

        kinds.register(ORGANIZER)
