from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "stopalprs.privacy"
    verbose_name = "Privacy"

    def ready(self) -> None:
        from stopalprs.privacy import emails  # noqa: F401 - registers the email kinds
