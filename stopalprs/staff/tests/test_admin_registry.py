"""The admin keeps the house rules: every model a service owns is read-only there or saved
through its service, and whatever staff may edit there is in the audit trail."""

from __future__ import annotations

from typing import Any

import pytest
from django import forms
from django.contrib import admin
from django.contrib.auth.models import User
from django.test import RequestFactory

from stopalprs.audit.admin import AuditedAdminMixin
from stopalprs.audit.models import AuditEntry
from stopalprs.campaigns.models import Campaign
from stopalprs.lib.admin import ReadOnlyAdminMixin
from stopalprs.organizing.models import Tag
from stopalprs.watch.models import Jurisdiction

pytestmark = pytest.mark.django_db

# Written only by services (with their audit entries, side effects and checks).
SERVICE_OWNED = {
    "audit.auditentry",
    "campaigns.campaign",
    "signatures.signature",
    "emails.email",
    "updates.update",
    "updates.suppression",
    "integrity.bulkaction",
    "integrity.trendalert",
    "privacy.deletionlog",
    "api.apitoken",
    "webhooks.delivery",
    "django_tasks_database.dbtaskresult",
}


def _superuser_request() -> Any:
    request = RequestFactory().get("/admin/")
    request.user = User(username="root", is_staff=True, is_superuser=True, is_active=True)
    return request


def test_every_admin_is_read_only_audited_or_saves_through_its_service():
    request = _superuser_request()
    loose = []
    for model, model_admin in admin.site._registry.items():
        label = model._meta.label_lower
        read_only = not any(
            (
                model_admin.has_add_permission(request),
                model_admin.has_change_permission(request),
                model_admin.has_delete_permission(request),
            )
        )
        through_service = getattr(model_admin, "saves_through", None) is not None
        audited = isinstance(model_admin, AuditedAdminMixin)
        if label in SERVICE_OWNED and not (read_only or through_service):
            loose.append(f"{label}: a service owns it, but the admin edits it")
        elif not (read_only or through_service or audited):
            loose.append(f"{label}: edited in the admin without an audit entry")
        if isinstance(model_admin, ReadOnlyAdminMixin):
            assert read_only, label
        if through_service:
            assert not model_admin.has_delete_permission(request), label
    assert loose == []
    assert len(admin.site._registry) >= 20  # the registry really was walked


def _post_data(form: forms.BaseForm) -> dict[str, Any]:
    """What the admin's change form posts back, unchanged."""
    data: dict[str, Any] = {}
    for bound in form:
        widget = bound.field.widget
        if isinstance(widget, forms.CheckboxInput):
            if bound.value():
                data[bound.html_name] = "on"
            continue
        context = widget.get_context(bound.html_name, bound.value(), {})["widget"]
        for sub in context.get("subwidgets") or [context]:
            if sub.get("value") not in (None, [], ""):
                value = sub["value"]
                data[sub["name"]] = value if isinstance(value, list) else str(value)
    return data


def _change(client: Any, obj: Any, **changes: Any) -> Any:
    model_admin = admin.site._registry[type(obj)]
    request = _superuser_request()
    form = model_admin.get_form(request, obj)(instance=obj)
    url = f"/admin/{obj._meta.app_label}/{obj._meta.model_name}/{obj.pk}/change/"
    return client.post(url, {**_post_data(form), **changes})


def _superuser(staff_client: Any) -> Any:
    client = staff_client()
    User.objects.filter(pk=client.user.pk).update(is_superuser=True)
    return client


def test_an_edit_in_the_admin_is_audited_with_before_and_after(staff_client):
    client = _superuser(staff_client)
    place = Jurisdiction.objects.create(slug="springfield-il", name="Springfield", state="IL")
    reply = _change(client, place, camera_count="42", vendor="Flock Safety")
    assert reply.status_code == 302, reply.content.decode()[:2000]
    entry = AuditEntry.objects.get(verb="admin.changed")
    assert (entry.actor_name, entry.object_type, entry.object_ref) == (
        "carol",
        "watch.jurisdiction",
        str(place.pk),
    )
    assert entry.data["before"] == {"camera_count": None, "vendor": ""}
    assert entry.data["after"] == {"camera_count": 42, "vendor": "Flock Safety"}


def test_a_bulk_delete_in_the_admin_is_audited_per_record(staff_client):
    client = _superuser(staff_client)
    tags = [Tag.objects.create(name=name) for name in ("press", "lawyers")]
    reply = client.post(
        "/admin/organizing/tag/",
        {"action": "delete_selected", "_selected_action": [t.pk for t in tags], "post": "yes"},
    )
    assert reply.status_code == 302
    assert not Tag.objects.exists()
    deleted = AuditEntry.objects.filter(verb="admin.deleted")
    assert sorted(deleted.values_list("object_ref", flat=True)) == sorted(str(t.pk) for t in tags)


def test_a_campaign_edited_in_the_admin_goes_through_its_service(staff_client, campaign, client):
    admin_client = _superuser(staff_client)
    assert "Stop" in client.get("/c/stop-alprs/").content.decode()  # the page is cached now
    reply = _change(admin_client, campaign, title="No plate readers in our town")
    assert reply.status_code == 302, reply.content.decode()[:2000]
    entry = AuditEntry.objects.get(verb="campaign.edited")
    # (The admin's form also trims the shipped texts' final newline: recorded as a change too.)
    assert entry.data["after"]["title"] == "No plate readers in our town"
    assert entry.data["before"]["title"] == campaign.title
    assert "title" in entry.detail
    # The service flushed the cached page: visitors see the new title at once.
    assert "No plate readers in our town" in client.get("/c/stop-alprs/").content.decode()
    assert admin_client.post(f"/admin/campaigns/campaign/{campaign.pk}/delete/").status_code == 403
    assert Campaign.objects.filter(pk=campaign.pk).exists()
