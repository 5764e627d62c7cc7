from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from stopalprs.watch import services
from stopalprs.watch.forms import CrowdReportForm
from stopalprs.watch.models import Jurisdiction


@require_safe
def index(request: HttpRequest) -> HttpResponse:
    filters = {k: request.GET.get(k, "").strip()[:60] for k in ("q", "state", "status", "vendor")}
    found = services.search(**filters)
    view_box, states = services.state_map(services.search())
    ctx = {
        "jurisdictions": found, "filters": filters, "statuses": Jurisdiction.Status.choices,
        "view_box": view_box, "states": states,
        "event_count": sum(len(j.events.all()) for j in found),
    }  # fmt: skip
    return render(request, "watch/index.html", ctx)


@require_safe
def jurisdiction(request: HttpRequest, slug: str) -> HttpResponse:
    place = get_object_or_404(Jurisdiction, slug=slug[:120])
    events = place.events.order_by("event_date", "pk")
    ctx = {"place": place, "events": events, "local": services.local_people(place)}
    return render(request, "watch/jurisdiction.html", ctx)


@require_safe
def wins(request: HttpRequest) -> HttpResponse:
    return render(request, "watch/wins.html", {"wins": services.wins()})


@require_http_methods(["GET", "HEAD", "POST"])
def report(request: HttpRequest) -> HttpResponse:
    """Anyone can send a fact with a source; it stays private until staff accept it."""
    form = CrowdReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if not form.cleaned_data["website"]:  # a filled honeypot is dropped silently
            form.save()
        return redirect("watch:report_thanks")
    status = 400 if form.errors else 200
    return render(request, "watch/report.html", {"form": form}, status=status)


@require_safe
def report_thanks(request: HttpRequest) -> HttpResponse:
    return render(request, "watch/report_thanks.html")
