"""Who on staff to tell: a plain query on Django's users, below every app that notifies."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db.models import Q, QuerySet


def users_with_perm(perm: str) -> QuerySet[Any]:
    """Active staff holding ``perm`` (directly, through a role, or as superusers) who have an
    email address: the people to tell when something needs them."""
    app_label, codename = perm.split(".")
    found = Permission.objects.filter(content_type__app_label=app_label, codename=codename)
    return (
        get_user_model()
        .objects.filter(is_active=True, is_staff=True)
        .filter(
            Q(is_superuser=True) | Q(user_permissions__in=found) | Q(groups__permissions__in=found)
        )
        .exclude(email="")
        .distinct()
    )
