from django.apps import AppConfig


class SignaturesConfig(AppConfig):
    name = "stopalprs.signatures"
    verbose_name = "Signatures"

    def ready(self) -> None:
        from stopalprs.signatures import emails  # noqa: F401 - registers the email kinds
