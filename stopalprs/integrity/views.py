from __future__ import annotations

from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from stopalprs.actions.checks import new_challenge


@require_safe
@never_cache
def challenge(request: HttpRequest) -> JsonResponse:
    """A fresh proof-of-work challenge for the sign form's script (ALTCHA v1 format)."""
    return JsonResponse(new_challenge())
