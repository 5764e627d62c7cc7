from django.apps import AppConfig


class FightsConfig(AppConfig):
    name = "stopalprs.fights"
    verbose_name = "Local fights"

    def ready(self) -> None:
        # In ready(): models may be imported only once the app registry is loaded.
        from stopalprs.actions import kinds
        from stopalprs.fights import emails  # noqa: F401 - registers the email kinds
        from stopalprs.fights.kind import COMMENT

        kinds.register(COMMENT)
