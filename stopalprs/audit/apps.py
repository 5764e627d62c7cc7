from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "stopalprs.audit"
    verbose_name = "Audit trail"
