"""Who on staff may do what, in one place.

Roles are Django groups (created by ``ensure_roles``): aggregates only, organizer network,
campaign admin. Anyone whose role reaches personal data must have passed a second factor
(TOTP) in this session.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.models import Group, Permission
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse

# Editing local fights and recording their outcomes: the organizer network and campaign admins.
FIGHT_PERMS = [
    f"fights.{verb}_{model}"
    for model, verbs in {
        "fight": ("view", "add", "change"),
        "outcome": ("view", "add"),
        "contract": ("add", "change"),
        "decisionmaker": ("add", "change"),
        "stance": ("view", "add"),
        "meeting": ("add", "change"),
    }.items()
    for verb in verbs
]

ROLES: dict[str, list[str]] = {
    "Aggregates only": ["campaigns.view_campaign", "signatures.view_signature"],
    "Organizer network": [
        "campaigns.view_campaign",
        "signatures.view_signature",
        "organizing.view_organizer_data",
        "organizing.view_tag",
        "organizing.add_tag",
        "watch.change_crowdreport",
        "watch.view_crowdreport",
        "watch.change_jurisdiction",
        *FIGHT_PERMS,
    ],
    "Campaign admin": [
        "campaigns.view_campaign",
        "campaigns.add_campaign",
        "campaigns.change_campaign",
        "signatures.view_signature",
        "signatures.view_personal_data",
        "signatures.export_signatures",
        "emails.view_email",
        "privacy.view_legaldemand",
        "privacy.add_legaldemand",
        "privacy.change_legaldemand",
        "integrity.view_trendalert",
        "integrity.view_bulkaction",
        "integrity.add_bulkaction",
        "watch.change_crowdreport",
        "watch.view_crowdreport",
        "watch.change_jurisdiction",
        "updates.view_update",
        "updates.add_update",
        "updates.change_update",
        "signatures.view_paperbatch",
        "signatures.add_paperbatch",
        "signatures.import_signatures",
        "api.manage_integrations",
        *FIGHT_PERMS,
    ],
}


def is_verified(user: Any) -> bool:
    return bool(getattr(user, "is_verified", lambda: False)())


def staff_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Staff view guard: logged in as staff, second factor passed in this session."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        user = request.user
        if not (user.is_authenticated and user.is_staff and is_verified(user)):  # type: ignore[union-attr]
            return redirect_to_login(request.get_full_path(), "admin:login")
        return view(request, *args, **kwargs)

    return wrapped


def permission_required(perm: str) -> Callable[..., Any]:
    """``staff_required``, and holding ``perm``."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.has_perm(perm):  # type: ignore[union-attr]
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return staff_required(wrapped)

    return decorator


# The same guard, named for the views whose permission opens personal data.
personal_data_required = permission_required


@transaction.atomic
def ensure_roles() -> None:
    """Create the role groups with their permissions. Idempotent."""
    for name, perms in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        wanted = []
        for perm in perms:
            app_label, codename = perm.split(".")
            found = Permission.objects.filter(
                content_type__app_label=app_label, codename=codename
            ).first()
            if found is not None:
                wanted.append(found)
        group.permissions.set(wanted)
