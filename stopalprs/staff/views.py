from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from stopalprs.campaigns.models import Campaign
from stopalprs.lawmakers.models import Delivery
from stopalprs.staff import services
from stopalprs.staff.access import personal_data_required, staff_required
from stopalprs.staff.forms import PersonSearchForm


@require_safe
@staff_required
def index(request: HttpRequest) -> HttpResponse:
    """The staff home: links to what the person's role allows."""
    return render(request, "staff/index.html", {"campaigns": Campaign.objects.all()})


@require_http_methods(["GET", "HEAD", "POST"])
@personal_data_required("signatures.view_personal_data")
def people(request: HttpRequest) -> HttpResponse:
    """Search by exact address only: staff can find a person who asks, not browse people."""
    form = PersonSearchForm(request.POST or None)
    found = None
    if request.method == "POST" and form.is_valid():
        found = services.search_people(actor=request.user, email=form.cleaned_data["email"])
    return render(request, "staff/people.html", {"form": form, "found": found})


@require_safe
@personal_data_required("signatures.view_personal_data")
def signature(request: HttpRequest, public_id: str) -> HttpResponse:
    found = services.view_signature(actor=request.user, public_id=public_id)
    if found is None:
        raise Http404
    return render(request, "staff/signature.html", {"signature": found})


@require_http_methods(["GET", "HEAD", "POST"])
@personal_data_required("signatures.export_signatures")
def deliveries(request: HttpRequest, slug: str) -> HttpResponse:
    campaign = get_object_or_404(Campaign, slug=slug)
    if request.method == "POST":
        services.request_delivery(actor=request.user, campaign=campaign)
        messages.success(request, "Packets are being prepared. Reload this page in a minute.")
        return redirect("staff:deliveries", slug=slug)
    ctx = {"campaign": campaign, "deliveries": campaign.deliveries.all()[:500]}
    return render(request, "staff/deliveries.html", ctx)


@require_safe
@personal_data_required("signatures.export_signatures")
def delivery_file(request: HttpRequest, pk: int, name: str) -> FileResponse:
    delivery = get_object_or_404(Delivery, pk=pk)
    path = services.open_delivery_file(actor=request.user, delivery=delivery, name=name)
    if path is None:
        raise Http404
    return FileResponse(path.open("rb"), as_attachment=True, filename=path.name)
