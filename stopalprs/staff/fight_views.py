"""Staff record what a council decided, and how each member voted."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from stopalprs.fights import services
from stopalprs.fights.forms import OutcomeForm
from stopalprs.fights.models import Fight
from stopalprs.staff.access import permission_required


@require_safe
@permission_required("fights.add_outcome")
def fights(request: HttpRequest) -> HttpResponse:
    found = Fight.objects.select_related("jurisdiction").prefetch_related("outcomes")
    return render(request, "staff/fights.html", {"fights": found})


@require_http_methods(["GET", "HEAD", "POST"])
@permission_required("fights.add_outcome")
def outcome(request: HttpRequest, slug: str) -> HttpResponse:
    fight = get_object_or_404(Fight.objects.select_related("jurisdiction"), slug=slug[:120])
    form = OutcomeForm(request.POST or None, fight=fight)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.record_outcome(
            actor=request.user,
            fight=fight,
            decision=data["decision"],
            decided_on=data["decided_on"],
            source_url=data["source_url"],
            meeting=data["meeting"],
            votes=form.votes(),
            note=data["note"],
            announce=data["announce"],
        )
        messages.success(request, f"Recorded for {fight}.")
        return redirect("staff:fights")
    status = 400 if form.errors else 200
    return render(
        request, "staff/fight_outcome.html", {"fight": fight, "form": form}, status=status
    )
