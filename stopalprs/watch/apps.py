from django.apps import AppConfig


class WatchConfig(AppConfig):
    name = "stopalprs.watch"
    verbose_name = "Contract watch"
