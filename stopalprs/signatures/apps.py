from django.apps import AppConfig


class SignaturesConfig(AppConfig):
    name = "stopalprs.signatures"
    verbose_name = "Signatures"

    def ready(self) -> None:
        # In ready(): models may be imported only once the app registry is loaded.
        from stopalprs.actions import kinds
        from stopalprs.signatures import emails  # noqa: F401 - registers the email kinds
        from stopalprs.signatures.kind import SIGNATURE

        kinds.register(SIGNATURE)
