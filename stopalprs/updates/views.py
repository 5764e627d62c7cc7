from __future__ import annotations

from django.core import signing
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from stopalprs.updates import services
from stopalprs.updates.models import Suppression


# A mail client's one-click POST (RFC 8058) carries no cookie and no CSRF token; the signed
# token in the URL is what authorizes it, and the worst a forged request can do is stop mail.
@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    try:
        email_index = services.read_unsubscribe_token(token)
    except signing.BadSignature:
        return render(request, "updates/unsubscribe_invalid.html", status=404)
    if request.method == "POST":
        services.suppress(email_index=email_index, reason=Suppression.Reason.UNSUBSCRIBED)
        return render(request, "updates/unsubscribed.html")
    # A GET only asks: link scanners in mail systems follow links and must not unsubscribe.
    return render(request, "updates/unsubscribe.html")
