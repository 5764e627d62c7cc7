from django.apps import AppConfig


class UpdatesConfig(AppConfig):
    name = "stopalprs.updates"
    verbose_name = "Updates to supporters"

    def ready(self) -> None:
        from stopalprs.updates import emails, receivers  # noqa: F401 - registers kinds, signals
