"""The public pages of local fights. Thin: a form, a service call, a template."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import get_script_prefix, set_script_prefix
from django.utils import timezone, translation
from django.utils.translation import get_language
from django.views.decorators.http import require_http_methods, require_safe

from stopalprs.actions.checks import Proof
from stopalprs.actions.senders import hash_ip
from stopalprs.fights import calendar, comments, opendata, scripts, services
from stopalprs.fights.forms import CommentForm, PortalForm
from stopalprs.fights.models import DecisionMaker, Fight, Meeting, Stance, Tally
from stopalprs.lib.http import capability_view, client_ip, public_cacheable
from stopalprs.watch.forms import FollowForm


def _language() -> str:
    return (get_language() or "en")[:2]


def _fight(slug: str) -> Fight:
    fight = services.fight_page(slug[:120])
    if fight is None:
        raise Http404
    return fight


@require_safe
def index(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "").strip()[:60]
    everything = services.public_fights()
    view_box, states = services.fight_map(everything)
    ctx = {
        "fights": services.search(q),
        "q": q,
        "upcoming": services.upcoming_meetings(),
        "wins": services.recent_wins(),
        "view_box": view_box,
        "states": states,
    }
    return render(request, "fights/index.html", ctx)


def _detail_context(fight: Fight) -> dict[str, object]:
    place = fight.jurisdiction
    return {
        "fight": fight,
        "place": place,
        "summary": fight.summary_in(_language()),
        "board": services.board(fight),
        "board_summary": services.board_summary(fight),
        "positions": Stance.Position.choices,
        "next_meeting": services.next_meeting(fight),
        "meetings": fight.meetings.order_by("-starts_at"),
        "events": place.events.order_by("event_date", "pk"),
        "counts": services.counts(fight),
        "follow_form": FollowForm(),
    }


@require_safe
def detail(request: HttpRequest, slug: str) -> HttpResponse:
    return render(request, "fights/detail.html", _detail_context(_fight(slug)))


def _meeting(slug: str, pk: int) -> Meeting:
    return get_object_or_404(
        Meeting.objects.select_related("fight__jurisdiction"),
        pk=pk,
        fight__slug=slug[:120],
        fight__published=True,
    )


REFUSALS = {"closed", "portal_only", "none"}


@require_http_methods(["GET", "HEAD", "POST"])
def meeting(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    item = _meeting(slug, pk)
    language = _language()
    form_class = CommentForm if item.takes_email else PortalForm
    form = form_class(request.POST or None, meeting=item, language=language)
    status, refused = 200, ""
    if request.method == "POST":
        if not item.comments_open():
            refused, status = "closed", 409
        elif isinstance(form, PortalForm) and form.is_valid():
            # Nothing is stored: the count of hand-offs, and the text back to the person.
            services.tally(fight=item.fight, channel=Tally.Channel.PORTAL)
            return render(
                request,
                "fights/portal_handoff.html",
                {"meeting": item, "fight": item.fight, "body": form.cleaned_data["body"]},
            )
        elif isinstance(form, CommentForm) and form.is_valid():
            data = form.cleaned_data
            try:
                comments.submit_comment(
                    meeting=item,
                    email=data["email"],
                    name=data["name"],
                    body=data["body"],
                    position=data["position"],
                    zip_code=data.get("zip_code", ""),
                    resident=data["resident"],
                    language=language,
                    proof=Proof(sender=hash_ip(client_ip(request)), honeypot=data["website"]),
                )
            except comments.CommentRefused as refusal:
                refused, status = refusal.reason, 409
            else:
                return redirect("fights:comment_sent", slug=item.fight.slug, pk=item.pk)
        else:
            status = 400
    ctx = {
        "meeting": item,
        "fight": item.fight,
        "place": item.fight.jurisdiction,
        "form": form,
        "open": item.comments_open(),
        "refused": refused,
        "now": timezone.now(),
    }
    return render(request, "fights/meeting.html", ctx, status=status)


@require_safe
def comment_sent(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    item = _meeting(slug, pk)
    return render(request, "fights/comment_sent.html", {"meeting": item, "fight": item.fight})


@capability_view
@require_http_methods(["GET", "HEAD", "POST"])
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows the comment and a button; only POST confirms (mail scanners open links)."""
    comment = comments.comment_for_token(token)
    if comment is None:
        return render(request, "signatures/confirm_invalid.html", status=400)
    ctx: dict[str, object] = {
        "comment": comment,
        "meeting": comment.meeting,
        "fight": comment.meeting.fight,
    }
    if request.method == "POST":
        ctx["result"] = comments.confirm_comment(comment)
        return render(request, "fights/comment_confirmed.html", ctx)
    return render(request, "fights/comment_confirm.html", ctx)


@require_safe
def contact(request: HttpRequest, slug: str) -> HttpResponse:
    fight = _fight(slug)
    ctx = {
        "fight": fight,
        "place": fight.jurisdiction,
        "board": [(m, s, scripts.script(m, s)) for m, s in services.board(fight)],
        "next_meeting": services.next_meeting(fight),
    }
    return render(request, "fights/contact.html", ctx)


class _ContactRedirect(HttpResponseRedirect):
    allowed_schemes = ["tel", "mailto", "https", "http"]


@require_safe
def contact_go(request: HttpRequest, slug: str, pk: int, channel: str) -> HttpResponse:
    """Count one contact by channel and day, then hand over to the phone or mail app."""
    member = get_object_or_404(DecisionMaker, pk=pk, fight__slug=slug[:120], fight__published=True)
    targets = {
        Tally.Channel.CALL: f"tel:{member.tel}" if member.tel else "",
        Tally.Channel.EMAIL: scripts.mailto(member) if member.email else "",
        Tally.Channel.FORM: member.web_form,
    }
    target = targets.get(channel, "")  # type: ignore[call-overload]
    if not target:
        raise Http404
    services.tally(fight=member.fight, channel=channel)
    return _ContactRedirect(target)


@require_safe
def fight_calendar(request: HttpRequest, slug: str) -> HttpResponse:
    return calendar.response(calendar.for_fight(_fight(slug)), f"{slug[:60]}.ics")


@require_safe
def all_calendar(request: HttpRequest) -> HttpResponse:
    return calendar.response(calendar.for_all(), "alpr-fights.ics")


@contextmanager
def _one_language(request: HttpRequest) -> Iterator[None]:
    """Open data is the same whatever the page's language: English, no /es/ in its links."""
    outer = get_script_prefix()
    set_script_prefix(getattr(request, "site_root", "") + "/")
    try:
        with translation.override("en"):
            yield
    finally:
        set_script_prefix(outer)


def _json(data: object) -> HttpResponse:
    response = HttpResponse(json.dumps(data, indent=1), content_type="application/json")
    response["Access-Control-Allow-Origin"] = "*"  # open data: anyone may build on it
    return public_cacheable(response)


@require_safe
def fights_json(request: HttpRequest) -> HttpResponse:
    with _one_language(request):
        return _json(opendata.everything())


@require_safe
def fight_json(request: HttpRequest, slug: str) -> HttpResponse:
    with _one_language(request):
        return _json(opendata.one(_fight(slug)))
