"""Staff pages of the organizer network. Every look and every change is audited (by the
services they call)."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from stopalprs.organizing import services
from stopalprs.organizing.models import Help, Organizer, Stage, Status, Vendor
from stopalprs.staff.access import personal_data_required
from stopalprs.staff.forms import PersonSearchForm
from stopalprs.watch.services import place_status

PERM = "organizing.view_organizer_data"
FILTERS = ("state", "city", "status", "vendor", "stage", "help", "overdue")


@require_safe
@personal_data_required(PERM)
def organizers(request: HttpRequest) -> HttpResponse:
    filters = {k: request.GET.get(k, "").strip()[:100] for k in FILTERS}
    people = services.list_organizers(actor=request.user, filters=filters)
    ctx = {
        "people": people,
        "filters": filters,
        "statuses": Status.choices,
        "vendors": Vendor.choices,
        "stages": Stage.choices,
        "helps": Help.choices,
        "search": PersonSearchForm(),
    }
    return render(request, "staff/organizers.html", ctx)


@require_POST
@personal_data_required(PERM)
def organizer_search(request: HttpRequest) -> HttpResponse:
    form = PersonSearchForm(request.POST)
    if form.is_valid():
        found = services.search_organizer(actor=request.user, email=form.cleaned_data["email"])
        if found is not None:
            return redirect("staff:organizer", public_id=found.public_id)
    messages.info(request, "Nobody in the network has that address.")
    return redirect("staff:organizers")


@require_http_methods(["GET", "HEAD", "POST"])
@personal_data_required(PERM)
def organizer(request: HttpRequest, public_id: str) -> HttpResponse:
    if request.method == "POST":
        person = Organizer.objects.filter(public_id=public_id).first()
        if person is None:
            raise Http404
        _act(request, person)
        return redirect("staff:organizer", public_id=public_id)
    person = services.view_organizer(actor=request.user, public_id=public_id)
    if person is None:
        raise Http404
    ctx = {
        "person": person,
        "notes": person.notes.select_related("author"),
        "next_statuses": sorted(services.TRANSITIONS.get(person.status, set())),
        "staff": get_user_model().objects.filter(is_staff=True, is_active=True),
        "local_contract": place_status(city=person.city, state=person.state),
    }
    return render(request, "staff/organizer.html", ctx)


def _act(request: HttpRequest, person: Organizer) -> None:
    action, user = request.POST.get("action"), request.user
    try:
        if action == "status":
            services.change_status(actor=user, organizer=person, status=request.POST["status"])
        elif action == "assign":
            who = get_user_model().objects.filter(pk=request.POST.get("assignee") or 0).first()
            services.assign(actor=user, organizer=person, assignee=who)
        elif action == "follow_up":
            raw = request.POST.get("next_follow_up", "")
            when = date.fromisoformat(raw) if raw else None
            services.set_follow_up(actor=user, organizer=person, when=when)
        elif action == "tags":
            names = request.POST.get("tags", "").split(",")
            services.set_tags(actor=user, organizer=person, names=names)
        elif action == "note" and request.POST.get("text", "").strip():
            services.add_note(actor=user, organizer=person, text=request.POST["text"][:5000])
        else:
            messages.error(request, "Nothing to do.")
    except (services.InvalidTransition, KeyError, ValueError) as error:
        messages.error(request, f"Not changed: {error}")


@require_safe
@personal_data_required(PERM)
def hubs(request: HttpRequest) -> HttpResponse:
    return render(request, "staff/hubs.html", {"hubs": services.hubs()})


@require_http_methods(["GET", "HEAD", "POST"])
@personal_data_required(PERM)
def hub(request: HttpRequest, state: str, city: str) -> HttpResponse:
    if request.method == "POST":
        if request.POST.get("action") == "introduce":
            ids = [int(i) for i in request.POST.getlist("organizer") if i.isdigit()]
            try:
                group = services.introduce(actor=request.user, organizer_ids=ids)
                messages.success(
                    request,
                    ngettext(
                        "Introduction sent to %(n)d person.",
                        "Introduction sent to %(n)d people.",
                        len(group),
                    )
                    % {"n": len(group)},
                )
            except services.NotEnoughConsent:
                messages.error(request, "At least two people who asked to be introduced.")
        elif request.POST.get("action") == "invite":
            n = services.invite_signers(actor=request.user, city=city, state=state)
            messages.success(
                request,
                ngettext("Invitation sent to %(n)d signer.", "Invitation sent to %(n)d signers.", n)
                % {"n": n},
            )
        return redirect("staff:hub", state=state, city=city)
    detail = services.hub_detail(actor=request.user, city=city, state=state)
    return render(request, "staff/hub.html", {"d": detail})
