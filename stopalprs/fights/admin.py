"""Staff (HQ) create and edit fights here; every change is audited with before and after.

Comments are not in the admin: they hold people's names and words, and staff see only their
counts. Outcomes and votes are recorded through the staff page that updates the board, the
watch and the alerts together (``/staff/fights/``); here they are read-only."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from stopalprs.audit.admin import AuditedAdmin
from stopalprs.fights import services
from stopalprs.fights.models import (
    CityDelivery,
    Contract,
    DecisionMaker,
    Fight,
    Meeting,
    Outcome,
    Stance,
)
from stopalprs.lib.admin import ReadOnlyAdminMixin


@admin.register(Fight)
class FightAdmin(AuditedAdmin):
    list_display = ["__str__", "status", "group_name", "delivery", "published"]
    list_filter = ["status", "published"]
    search_fields = ["jurisdiction__name"]
    autocomplete_fields = ["jurisdiction"]
    raw_id_fields = ["petition"]
    actions = ["make_petition"]

    @admin.action(description="Create the local petition to the decision makers")
    def make_petition(self, request: HttpRequest, queryset: Any) -> None:
        for fight in queryset:
            services.create_petition(actor=request.user, fight=fight)


@admin.register(Contract)
class ContractAdmin(AuditedAdmin):
    list_display = ["fight", "vendor", "amount", "cameras", "renewal_on"]


@admin.register(DecisionMaker)
class DecisionMakerAdmin(AuditedAdmin):
    list_display = ["name", "fight", "role", "seat", "votes"]
    list_filter = ["role"]
    search_fields = ["name"]


@admin.register(Stance)
class StanceAdmin(AuditedAdmin):
    """A change of mind is a new stance: the old ones stay as the board's history."""

    list_display = ["decision_maker", "position", "as_of", "source"]
    list_filter = ["position", "source"]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return obj is None and super().has_change_permission(request, obj)


@admin.register(Meeting)
class MeetingAdmin(AuditedAdmin):
    list_display = ["__str__", "item", "comment_deadline", "word_limit", "announced_at"]
    readonly_fields = ["announced_at", "deadline_alerted_at"]


@admin.register(Outcome)
class OutcomeAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["fight", "decision", "decided_on", "announced_at"]


@admin.register(CityDelivery)
class CityDeliveryAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """What was sent to which city address, when: no comment's text or writer."""

    list_display = ["pk", "meeting", "to_address", "status", "comment_count", "sent_at"]
    list_filter = ["status"]
    exclude = ["message_id"]
