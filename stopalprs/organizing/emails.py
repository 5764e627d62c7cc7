"""Emails of the organizer network, built at sending time from current records."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse

from stopalprs.emails.models import Email
from stopalprs.emails.registry import Message, email_kind
from stopalprs.lib.http import absolute_url
from stopalprs.organizing.models import Organizer
from stopalprs.organizing.services import confirmation_token
from stopalprs.signatures.models import Signature


def _organizer(email: Email) -> Organizer | None:
    if email.organizer_id is None:
        return None
    return Organizer.objects.filter(pk=email.organizer_id).first()


def _to_organizer(
    email: Email, template: str, *, invites_reply: bool = False, **context: object
) -> Message | None:
    organizer = _organizer(email)
    if organizer is None:
        return None
    return Message(
        to=organizer.email,
        template=template,
        context={"name": organizer.name, "city": organizer.city, **context},
        language=organizer.language,
        invites_reply=invites_reply,
    )


@email_kind("organizer_confirm")
def confirm(email: Email) -> Message | None:
    organizer = _organizer(email)
    if organizer is None or organizer.confirmed_at is not None:
        return None
    url = absolute_url(reverse("organizing:confirm", args=[confirmation_token(organizer)]))
    return _to_organizer(
        email, "organizer_confirm", confirm_url=url, expiry_days=settings.CONFIRMATION_MAX_AGE_DAYS
    )


@email_kind("organizer_duplicate")
def duplicate(email: Email) -> Message | None:
    organizer = _organizer(email)
    if organizer is None or email.context.get("repeat", 1) > settings.DUPLICATE_NOTICE_LIMIT:
        return None  # gone since, or told a few times already: no mail for every try
    if organizer.confirmed_at is None:
        url = absolute_url(reverse("organizing:confirm", args=[confirmation_token(organizer)]))
        return _to_organizer(
            email,
            "organizer_confirm",
            confirm_url=url,
            again=True,
            expiry_days=settings.CONFIRMATION_MAX_AGE_DAYS,
        )
    return _to_organizer(email, "organizer_already")


@email_kind("organizer_welcome")
def welcome(email: Email) -> Message | None:
    return _to_organizer(email, "organizer_welcome", invites_reply=True)


@email_kind("organizer_intro")
def intro(email: Email) -> Message | None:
    """Only people who (still) asked to be introduced appear, and only to each other."""
    person = _organizer(email)
    if person is None or not person.wants_intro or person.confirmed_at is None:
        return None
    others = list(
        Organizer.objects.confirmed().filter(
            public_id__in=email.context.get("others", []), wants_intro=True
        )
    )
    if not others:
        return None
    people = [{"name": o.name, "email": o.email, "city": o.city, "state": o.state} for o in others]
    return _to_organizer(email, "organizer_intro", people=people)


@email_kind("staff_new_organizer")
def staff_new(email: Email) -> Message | None:
    organizer = _organizer(email)
    if organizer is None or not email.recipient:
        return None
    url = absolute_url(reverse("staff:organizer", args=[organizer.public_id]))
    # Place and role only: the name is one (audited) click away.
    return Message(
        to=email.recipient,
        template="staff_new_organizer",
        context={
            "city": organizer.city,
            "state": organizer.state,
            "role": organizer.get_role_display(),
            "url": url,
        },
    )


@email_kind("organizer_digest")
def digest(email: Email) -> Message | None:
    if not email.recipient:
        return None

    def people(ids: list[str]) -> list[dict[str, str]]:
        return [
            {
                "city": o.city,
                "state": o.state,
                "name": o.name,
                "url": absolute_url(reverse("staff:organizer", args=[o.public_id])),
            }
            for o in Organizer.objects.filter(public_id__in=ids)
        ]

    new, overdue = people(email.context.get("new", [])), people(email.context.get("overdue", []))
    if not (new or overdue):
        return None
    return Message(
        to=email.recipient,
        template="organizer_digest",
        context={"new": new, "overdue": overdue, "day": email.context.get("day", "")},
    )


@email_kind("hub_invite")
def hub_invite(email: Email) -> Message | None:
    if email.signature_id is None:
        return None
    signature = Signature.objects.filter(pk=email.signature_id).first()
    if signature is None or not signature.send_updates:
        return None
    city, state = email.context.get("city", ""), email.context.get("state", "")
    url = absolute_url(f"{reverse('organizing:intake')}?city={city}&state={state}")
    return Message(
        to=signature.email,
        template="hub_invite",
        context={"name": signature.first_name, "city": city, "join_url": url},
        language=signature.language,
    )
