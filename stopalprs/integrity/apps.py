from django.apps import AppConfig


class IntegrityConfig(AppConfig):
    name = "stopalprs.integrity"
    verbose_name = "Signature integrity"

    def ready(self) -> None:
        from stopalprs.integrity import emails  # noqa: F401 - registers the email kinds
