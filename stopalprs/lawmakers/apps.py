from django.apps import AppConfig


class LawmakersConfig(AppConfig):
    name = "stopalprs.lawmakers"
    verbose_name = "Lawmakers"
