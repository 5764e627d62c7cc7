from django.apps import AppConfig


class WatchConfig(AppConfig):
    name = "stopalprs.watch"
    verbose_name = "Contract watch"

    def ready(self) -> None:
        from stopalprs.watch import emails  # noqa: F401 - registers the email kinds
