from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "stopalprs.api"
    verbose_name = "API"
