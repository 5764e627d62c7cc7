from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from stopalprs.lawmakers.services import place_query
from stopalprs.lib.http import capability_view
from stopalprs.signatures import services
from stopalprs.signatures.models import Signature


@capability_view
@require_http_methods(["GET", "HEAD", "POST"])
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows a button, only POST confirms.

    Mail scanners and link previewers open every link in an email; if a GET confirmed, they
    would confirm signatures that no person ever looked at.
    """
    try:
        if request.method == "POST":
            signature = services.confirm_signature(token=token)
            query = place_query(
                zip_code=signature.zip_code, state=signature.state, district=signature.district
            )
            url = reverse("campaigns:confirmed", args=[signature.campaign.slug])
            return redirect(f"{url}?{query}")
        signature = services.signature_for_token(token)
    except services.InvalidConfirmation:
        return render(request, "signatures/confirm_invalid.html", status=400)
    return render(
        request,
        "signatures/confirm_form.html",
        {
            "signature": signature,
            "campaign": signature.campaign,
            "already": signature.status == Signature.Status.CONFIRMED,
        },
    )
