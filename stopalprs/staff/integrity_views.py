"""Staff pages for signature integrity: hourly trends, suspects, bulk actions with undo."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from stopalprs.campaigns.models import Campaign
from stopalprs.integrity import services
from stopalprs.integrity.models import BulkAction, TrendAlert
from stopalprs.signatures.models import Signature
from stopalprs.staff.access import personal_data_required


class BulkForm(forms.Form):
    email_domain = forms.CharField(required=False, max_length=100)
    ip_hash = forms.CharField(required=False, max_length=64)
    zip_code = forms.CharField(required=False, max_length=5)
    state = forms.CharField(required=False, max_length=2)
    since = forms.DateTimeField(required=False)
    until = forms.DateTimeField(required=False)
    fraud_state = forms.ChoiceField(
        required=False, choices=[("", "any"), *Signature.FraudState.choices]
    )
    kind = forms.ChoiceField(choices=BulkAction.Kind.choices)
    reason = forms.CharField(required=False, max_length=300)

    def criteria(self) -> dict[str, str]:
        data = self.cleaned_data
        found = {k: str(data[k]) for k in services.CRITERIA if data.get(k)}
        for bound in ("since", "until"):
            if data.get(bound):
                found[bound] = data[bound].isoformat()
        return found


@require_safe
@personal_data_required("integrity.view_trendalert")
def alerts(request: HttpRequest) -> HttpResponse:
    found = TrendAlert.objects.select_related("campaign")[:300]
    return render(request, "staff/integrity_alerts.html", {"alerts": found})


@require_http_methods(["GET", "HEAD", "POST"])
@personal_data_required("integrity.add_bulkaction")
def campaign_integrity(request: HttpRequest, slug: str) -> HttpResponse:
    campaign = get_object_or_404(Campaign, slug=slug)
    form = BulkForm(request.POST or request.GET or None)
    preview = None
    if form.is_bound and form.is_valid():
        criteria = form.criteria()
        if not criteria:
            form.add_error(None, "Choose at least one criterion.")
        elif request.method == "POST" and request.POST.get("confirm") == "apply":
            if not form.cleaned_data["reason"]:
                form.add_error("reason", "Give a reason: it goes in the audit log.")
            else:
                action = services.apply_bulk(
                    actor=request.user,
                    campaign=campaign,
                    kind=form.cleaned_data["kind"],
                    criteria=criteria,
                    reason=form.cleaned_data["reason"],
                )
                messages.success(request, f"{action.get_kind_display()}: {action.count}.")
                return redirect("staff:campaign_integrity", slug=slug)
        else:
            preview = services.matching(campaign, criteria).count()
    states = dict(
        Signature.objects.filter(campaign=campaign)
        .values_list("fraud_state")
        .annotate(n=Count("id"))
        .order_by()
    )
    ctx = {
        "campaign": campaign,
        "form": form,
        "preview": preview,
        "states": states,
        "actions": BulkAction.objects.filter(campaign=campaign)[:100],
    }
    return render(request, "staff/integrity_campaign.html", ctx)


@require_POST
@personal_data_required("integrity.add_bulkaction")
def undo(request: HttpRequest, pk: int) -> HttpResponse:
    action = get_object_or_404(BulkAction, pk=pk)
    restored = services.undo_bulk(actor=request.user, action=action)
    messages.success(
        request,
        ngettext(
            "Undone: %(n)d signature back to its earlier state.",
            "Undone: %(n)d signatures back to their earlier state.",
            restored,
        )
        % {"n": restored},
    )
    return redirect("staff:campaign_integrity", slug=action.campaign.slug)
