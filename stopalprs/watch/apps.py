from django.apps import AppConfig


class WatchConfig(AppConfig):
    name = "stopalprs.watch"
    verbose_name = "Contract watch"

    def ready(self) -> None:
        # In ready(): models may be imported only once the app registry is loaded.
        from stopalprs.actions import kinds
        from stopalprs.watch import emails  # noqa: F401 - registers the email kinds
        from stopalprs.watch.kind import FOLLOW, RECORDS_REQUEST

        kinds.register(RECORDS_REQUEST)
        kinds.register(FOLLOW)
