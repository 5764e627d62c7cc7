from __future__ import annotations

from django.urls import reverse

from stopalprs.emails.models import Email
from stopalprs.emails.registry import Message, email_kind
from stopalprs.integrity.models import TrendAlert
from stopalprs.lib.http import absolute_url


@email_kind("trend_alert")
def trend_alert(email: Email) -> Message | None:
    alerts = list(TrendAlert.objects.filter(pk__in=email.context.get("alerts", [])))
    if not alerts or not email.recipient:
        return None
    return Message(
        to=email.recipient,
        template="trend_alert",
        context={"alerts": alerts, "url": absolute_url(reverse("staff:integrity"))},
    )
