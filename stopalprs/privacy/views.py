from __future__ import annotations

import json
from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.core.signing import BadSignature
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from stopalprs.lib.http import capability_view
from stopalprs.privacy import services
from stopalprs.privacy.forms import ManageActionForm, ManageLinkForm
from stopalprs.privacy.models import DeletionLog, LegalDemand
from stopalprs.privacy.tokens import read_manage_token


def _periods() -> dict[str, int]:
    return {
        "unconfirmed": settings.UNCONFIRMED_RETENTION_DAYS,
        "ip_hash": settings.IP_HASH_RETENTION_DAYS,
        "closed": settings.CLOSED_CAMPAIGN_RETENTION_DAYS,
        "organizer_months": settings.ORGANIZER_INACTIVE_RETENTION_DAYS // 30,
        "email_records": settings.EMAIL_RECORD_RETENTION_DAYS,
        "comments": settings.COMMENT_RETENTION_DAYS,
        "link_days": settings.MANAGE_LINK_MAX_AGE_DAYS,
        "confirm_days": settings.CONFIRMATION_MAX_AGE_DAYS,
    }


@require_safe
def privacy(request: HttpRequest) -> HttpResponse:
    ctx = {"periods": _periods(), "connected": services.connected_tools()}
    return render(request, "privacy/privacy.html", ctx)


@require_safe
def deletions(request: HttpRequest) -> HttpResponse:
    since = timezone.now().date() - timedelta(days=90)
    rows = DeletionLog.objects.filter(day__gte=since)
    return render(request, "privacy/deletions.html", {"rows": rows, "kinds": DeletionLog.Kind})


@require_safe
def transparency(request: HttpRequest) -> HttpResponse:
    ctx = {"demands": LegalDemand.objects.all(), "held": services.held_counts()}
    return render(request, "privacy/transparency.html", ctx)


@require_http_methods(["GET", "HEAD", "POST"])
def request_link(request: HttpRequest) -> HttpResponse:
    form = ManageLinkForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.send_manage_link(email=form.cleaned_data["email"])
        # The same page whether or not we hold anything for the address.
        return render(request, "privacy/manage_link_sent.html")
    status = 400 if form.errors else 200
    return render(request, "privacy/manage_request.html", {"form": form}, status=status)


@capability_view
@require_http_methods(["GET", "HEAD", "POST"])
def manage(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows what we hold and the choices; only POST acts (mail scanners open links)."""
    try:
        index = read_manage_token(token)
    except BadSignature:
        return render(request, "privacy/manage_invalid.html", status=400)
    if request.method == "POST":
        form = ManageActionForm(request.POST)
        if form.is_valid():
            action = form.cleaned_data["action"]
            if action == "export":
                data = services.export_data(email_index=index)
                response = HttpResponse(
                    json.dumps(data, indent=2, ensure_ascii=False),
                    content_type="application/json; charset=utf-8",
                )
                response["Content-Disposition"] = 'attachment; filename="my-data.json"'
                return response
            if action == "leave":
                if services.leave_network(email_index=index):
                    messages.success(request, _("You have left the organizer network."))
                return redirect("privacy:manage", token=token)
            if action == "erase":
                services.erase_data(email_index=index)
                return render(request, "privacy/manage_erased.html")
            if services.withdraw_signature(
                email_index=index, public_id=str(form.cleaned_data["signature"])
            ):
                messages.success(request, _("Your signature was withdrawn and no longer counts."))
            return redirect("privacy:manage", token=token)
    ctx = {
        "signatures": services.signatures_for(index),
        "organizer": services.organizer_for(index),
    }
    return render(request, "privacy/manage.html", ctx)
