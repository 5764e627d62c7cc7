from __future__ import annotations

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.views.decorators.http import require_http_methods, require_safe

from stopalprs.lib.http import capability_view
from stopalprs.watch import alerts, records, services
from stopalprs.watch.forms import AnswerForm, CrowdReportForm, FollowForm, LetterForm, TrackForm
from stopalprs.watch.models import ContractAction, Jurisdiction, RecordsLaw

PER_PAGE = 40


@require_safe
def index(request: HttpRequest) -> HttpResponse:
    filters = {k: request.GET.get(k, "").strip()[:60] for k in ("q", "state", "status", "vendor")}
    found = services.search(**filters)
    everything = services.search()
    view_box, states = services.state_map(everything)
    page = Paginator(found, PER_PAGE).get_page(request.GET.get("page"))
    query = urlencode({k: v for k, v in filters.items() if v})
    ctx = {
        "jurisdictions": page.object_list,
        "page": page,
        "total": page.paginator.count,
        "query": f"{query}&" if query else "",
        "filters": filters,
        # Only statuses some place has, each with its count: no filter that finds nothing.
        "statuses": services.status_counts(),
        "view_box": view_box,
        "states": states,
        "event_count": ContractAction.objects.filter(jurisdiction__in=found).count(),
    }
    return render(request, "watch/index.html", ctx)


@require_safe
def jurisdiction(request: HttpRequest, slug: str) -> HttpResponse:
    place = get_object_or_404(Jurisdiction, slug=slug[:120])
    events = place.events.order_by("event_date", "pk")
    ctx = {
        "place": place,
        "events": events,
        "local": services.local_people(place),
        "follow_form": FollowForm(),
    }
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


@require_safe
def records_letter(request: HttpRequest) -> HttpResponse:
    """Draft a request letter. A GET form: nothing about the person is stored or sent."""
    initial: dict[str, object] = {"sent_on": timezone.now().date()}
    slug = request.GET.get("jurisdiction", "")[:120]
    if slug and (place := Jurisdiction.objects.filter(slug=slug).first()):
        initial.update(agency=f"{place.name} Police Department", state=place.state)
    form = LetterForm(request.GET if "agency" in request.GET else None, initial=initial)
    letter = None
    if form.is_bound and form.is_valid():
        letter = records.draft_letter(**form.cleaned_data)
        if letter is not None and request.GET.get("format") == "txt":
            response = HttpResponse(letter.text, content_type="text/plain; charset=utf-8")
            response["Content-Disposition"] = 'attachment; filename="records-request.txt"'
            return response
    track_form = TrackForm(initial=form.cleaned_data if letter else None)
    status = 400 if form.errors else 200
    ctx = {"form": form, "letter": letter, "track_form": track_form}
    return render(request, "watch/records.html", ctx, status=status)


@require_http_methods(["POST"])
def records_track(request: HttpRequest) -> HttpResponse:
    form = TrackForm(request.POST)
    if not form.is_valid():
        return render(
            request, "watch/records.html", {"form": LetterForm(), "track_form": form}, status=400
        )
    records.track(**form.cleaned_data)
    return render(request, "watch/records_check_email.html")


@capability_view
@require_http_methods(["GET", "HEAD", "POST"])
def tracker(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows the tracker (or a Confirm button); only POST changes anything."""
    tracked = records.request_for_token(token)
    if tracked is None:
        return render(request, "signatures/confirm_invalid.html", status=400)
    form = AnswerForm(request.POST if request.POST.get("action") == "answer" else None)
    if request.method == "POST":
        if request.POST.get("action") == "confirm":
            records.confirm(tracked)
            return redirect("watch:tracker", token=token)
        if form.is_valid():
            records.record_answer(request=tracked, **form.cleaned_data)
            return redirect("watch:tracker", token=token)
    law = RecordsLaw.objects.filter(state=tracked.state).first()
    return render(request, "watch/tracker.html", {"r": tracked, "law": law, "form": form})


@require_http_methods(["POST"])
def follow_start(request: HttpRequest, slug: str) -> HttpResponse:
    place = get_object_or_404(Jurisdiction, slug=slug[:120])
    form = FollowForm(request.POST)
    if form.is_valid():
        alerts.start_following(
            jurisdiction=place,
            email=form.cleaned_data["email"],
            language=(get_language() or "en")[:2],
        )
        return render(request, "watch/follow_check_email.html", {"place": place})
    events = place.events.order_by("event_date", "pk")
    ctx = {
        "place": place,
        "events": events,
        "local": services.local_people(place),
        "follow_form": form,
    }
    return render(request, "watch/jurisdiction.html", ctx, status=400)


@capability_view
@require_http_methods(["GET", "HEAD", "POST"])
def follow(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows Confirm or Stop following; only POST acts (mail scanners open links)."""
    found = alerts.follow_for_token(token)
    if found is None:
        return render(request, "signatures/confirm_invalid.html", status=400)
    if request.method == "POST":
        if request.POST.get("action") == "stop":
            alerts.stop_following(found)
            return render(request, "watch/follow_stopped.html", {"place": found.jurisdiction})
        alerts.confirm(found)
        return redirect("watch:follow", token=token)
    return render(request, "watch/follow.html", {"f": found})
