from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.views.decorators.http import require_http_methods, require_safe

from stopalprs.actions.checks import Proof
from stopalprs.actions.senders import hash_ip
from stopalprs.lib.http import capability_view, client_ip
from stopalprs.organizing import services
from stopalprs.organizing.forms import IntakeForm


@require_http_methods(["GET", "HEAD", "POST"])
def intake(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = IntakeForm(request.POST)
        if form.is_valid():
            services.submit_intake(
                language=get_language() or "en",
                proof=Proof(sender=hash_ip(client_ip(request))),
                **form.cleaned_data,
            )
            # The same page whether the address was new or not.
            return redirect("organizing:thanks")
        return render(request, "organizing/intake.html", {"form": form}, status=400)
    # A hub invitation links here with the city filled in.
    initial = {k: request.GET[k][:100] for k in ("city", "state", "zip_code") if k in request.GET}
    return render(request, "organizing/intake.html", {"form": IntakeForm(initial=initial)})


@require_safe
def thanks(request: HttpRequest) -> HttpResponse:
    return render(request, "organizing/thanks.html")


@capability_view
@require_http_methods(["GET", "HEAD", "POST"])
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows a button, only POST confirms (mail scanners open every link)."""
    try:
        if request.method == "POST":
            services.confirm_organizer(token=token)
            return redirect("organizing:welcome")
        organizer = services.organizer_for_token(token)
    except services.InvalidConfirmation:
        return render(request, "signatures/confirm_invalid.html", status=400)
    return render(
        request, "organizing/confirm.html", {"already": organizer.confirmed_at is not None}
    )


@require_safe
def welcome(request: HttpRequest) -> HttpResponse:
    return render(request, "organizing/welcome.html")
