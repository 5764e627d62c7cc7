from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class StaffConfig(AppConfig):
    name = "stopalprs.staff"
    verbose_name = "Staff"


class StaffAdminConfig(admin_apps.AdminConfig):
    """Django's admin, served by our site class that asks for a second factor."""

    default = False
    default_site = "stopalprs.staff.admin_site.StaffAdminSite"

    def ready(self) -> None:
        super().ready()  # finds every app's admin module
        # Imported here: the admin modules import models, loaded only once apps are ready.
        from django.contrib import admin

        from stopalprs.staff.admin import keep_our_rules

        keep_our_rules(admin.site)
