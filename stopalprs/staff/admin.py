"""The admins of the libraries we use, made to keep our rules: staff accounts, second
factors and sign-in lockouts are audited like everything else edited in the admin; the task
queue is read-only (a task deleted there would be work silently lost).

Called by the admin's app config once every app (ours and the libraries') has registered
its admins."""

from __future__ import annotations

from django.contrib import admin

from stopalprs.audit.admin import AuditedAdminMixin
from stopalprs.lib.admin import ReadOnlyAdminMixin

READ_ONLY = {"django_tasks_database.dbtaskresult"}
AUDITED = {
    "auth.user",
    "auth.group",
    "otp_totp.totpdevice",
    "axes.accessattempt",
    "axes.accesslog",
    "axes.accessfailurelog",
}


def keep_our_rules(site: admin.AdminSite) -> None:
    for model, model_admin in list(site._registry.items()):
        label = model._meta.label_lower
        if label in READ_ONLY:
            mixin: type = ReadOnlyAdminMixin
        elif label in AUDITED:
            mixin = AuditedAdminMixin
        else:
            continue
        base = type(model_admin)
        site.unregister(model)
        site.register(model, type(f"{mixin.__name__[:-5]}{base.__name__}", (mixin, base), {}))
