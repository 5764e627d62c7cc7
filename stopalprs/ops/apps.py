from django.apps import AppConfig


class OpsConfig(AppConfig):
    name = "stopalprs.ops"
    verbose_name = "Operations"
