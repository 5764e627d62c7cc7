from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from stopalprs.lawmakers.delivery import prove_receipt


@require_safe
def verify(request: HttpRequest) -> HttpResponse:
    """Anyone with a receipt can see which delivered packets count it, with the proof."""
    receipt = request.GET.get("receipt", "")[:100].strip()
    proofs = prove_receipt(receipt) if receipt else None
    return render(request, "lawmakers/verify.html", {"receipt": receipt, "proofs": proofs})
