from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from stopalprs.audit import services as audit
from stopalprs.audit.models import AuditEntry
from stopalprs.lib.admin import ReadOnlyAdminMixin


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Superusers read the audit log; nobody adds, edits or deletes it here."""

    list_display = (
        "created_at",
        "actor_name",
        "action",
        "object_type",
        "object_ref",
        "record_count",
        "verb",
        "detail",
    )
    list_filter = ("action", "object_type", "verb")
    search_fields = ("actor_name", "object_ref")
    date_hierarchy = "created_at"

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(request.user.is_active and request.user.is_superuser)  # type: ignore[union-attr]

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self.has_view_permission(request)


class AuditedAdminMixin:
    """For models staff may edit in the admin (reference data, staff accounts): every
    addition, change and deletion made there writes an entry to the audit trail, with the
    fields before and after. Hooked where Django's admin logs its own history, so no admin
    path (a change form, a password form, a bulk delete) can skip it."""

    # Fields whose values never go into the trail (only that they changed).
    audit_secret_fields: tuple[str, ...] = ("password", "key", "secret")

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        fields = list(getattr(form, "changed_data", []))
        before = {f: audit.plain(form.initial.get(f)) for f in fields}
        after = {f: audit.plain(form.cleaned_data.get(f)) for f in fields}
        for name in fields:
            if name in self.audit_secret_fields:
                before[name] = after[name] = "(secret)"
        obj._audit_data = {"fields": fields, **audit.changes(before, after)}
        super().save_model(request, obj, form, change)  # type: ignore[misc]

    def _audit(self, request: HttpRequest, obj: Any, verb: str, what: str) -> None:
        data = getattr(obj, "_audit_data", None) or {}
        named = ", ".join(data.get("fields", [])) if data else ""
        audit.record(
            request.user,
            verb,
            obj,
            object_type=obj._meta.label_lower,
            detail=f"{what} {obj._meta.verbose_name} in the admin"
            + (f": {named}" if named else ""),
            data=data,
        )

    def log_addition(self, request: HttpRequest, obj: Any, message: Any) -> Any:
        self._audit(request, obj, "admin.added", "added")
        return super().log_addition(request, obj, message)  # type: ignore[misc]

    def log_change(self, request: HttpRequest, obj: Any, message: Any) -> Any:
        self._audit(request, obj, "admin.changed", "changed")
        return super().log_change(request, obj, message)  # type: ignore[misc]

    def log_deletions(self, request: HttpRequest, queryset: Any) -> Any:
        for obj in queryset:
            self._audit(request, obj, "admin.deleted", "deleted")
        return super().log_deletions(request, queryset)  # type: ignore[misc]


class AuditedAdmin(AuditedAdminMixin, admin.ModelAdmin):
    pass
