from django.apps import AppConfig


class EmailsConfig(AppConfig):
    name = "stopalprs.emails"
    verbose_name = "Emails"
