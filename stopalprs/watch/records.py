"""Public-records requests: a letter drafted from the state's law, and an opt-in tracker."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.core.signing import BadSignature
from django.db import transaction
from django.utils import timezone

from stopalprs.actions import identity
from stopalprs.emails.services import queue_email
from stopalprs.lawmakers.services import STATE_FINDER_FALLBACK, legislature_url
from stopalprs.lib.tokens import make_token, read_token
from stopalprs.watch.models import RecordsLaw, RecordsRequest

TRACK_SALT = "stopalprs.watch.records"

# What a request about ALPRs should ask for (in our own words).
ASKS = [
    "every contract, purchase order, renewal, amendment and invoice with any automated license "
    "plate reader (ALPR) vendor, including Flock Safety, Motorola Solutions (Vigilant) and Axon",
    "every agreement, memorandum or setting that shares ALPR data with, or gives access to, "
    "any other agency, company or person, and the list of those who have access",
    "the policy or settings that say how long ALPR images and plate reads are kept",
    "audit logs of searches of ALPR data for the last 12 months, with the reason recorded "
    "for each search",
    'the policies for adding and removing entries on "hot lists" and for acting on alerts',
    "the number and locations of the cameras",
]


@dataclass
class Letter:
    law: RecordsLaw
    agency: str
    sent_on: date
    due_on: date | None
    text: str
    # The legislature's own site, where the law's official text is; "" where we know none.
    official_url: str = ""


def _list(asks: list[str]) -> str:
    """A numbered list as a careful letter writes one: capital first letter (and only the
    first: "Flock Safety" stays capitalised), semicolons between items, a full stop last."""
    lines = []
    for n, ask in enumerate(asks, 1):
        end = "." if n == len(asks) else ";"
        lines.append(f"{n}. {ask[0].upper()}{ask[1:]}{end}")
    return "\n".join(lines)


def _deadline(law: RecordsLaw, due: date | None) -> str:
    # Only what the statute sets, in plain words. The research notes behind the figures stay
    # on the page (deadline_text), never in the letter.
    if due:
        days = {"business": "business days", "calendar": "calendar days"}.get(law.days_type, "days")
        return (
            f"The law asks for a response within {law.response_days} {days}. I look forward "
            f"to your answer by {due:%B %-d, %Y}."
        )
    if law.days_type == "prompt":
        return "The law asks for a prompt response, and I look forward to one."
    return "I would be grateful for a response as soon as possible."


def draft_letter(*, state: str, agency: str, sent_on: date) -> Letter | None:
    law = RecordsLaw.objects.filter(state=state).first()
    if law is None:
        return None
    due = law.due_date(sent_on)
    items = _list(ASKS)
    deadline = _deadline(law, due)
    text = (
        f"{sent_on:%B %-d, %Y}\n\nTo the public-records officer, {agency}\n\n"
        f"Under the {law.law_name} ({law.citation}), I request copies of the following "
        f"records held by {agency}:\n\n{items}\n\n"
        "Electronic copies are welcome. If any part of this request is denied, please cite the "
        "exemption you rely on and release the rest. If fees will exceed $25, please tell me "
        "before doing the work.\n\n"
        f"{deadline}\n\nThank you,\n[your name]\n[how to reach you]\n"
    )
    official = legislature_url(state)
    return Letter(
        law=law,
        agency=agency,
        sent_on=sent_on,
        due_on=due,
        text=text,
        official_url="" if official == STATE_FINDER_FALLBACK else official,
    )


def tracker_token(request: RecordsRequest) -> str:
    return make_token(request.public_id, salt=TRACK_SALT)


def request_for_token(token: str) -> RecordsRequest | None:
    try:
        public_id = read_token(token, salt=TRACK_SALT, max_age=timedelta(days=730))
    except BadSignature:
        return None
    return RecordsRequest.objects.filter(public_id=public_id).first()


@transaction.atomic
def track(*, email: str, agency: str, state: str, sent_on: date) -> RecordsRequest:
    """Start tracking a request; the address must be confirmed before any reminder goes."""
    law = RecordsLaw.objects.get(state=state)
    request = RecordsRequest.objects.create(
        email=email,
        email_index=identity.email_index(email),
        agency=agency,
        state=state,
        sent_on=sent_on,
        due_on=law.due_date(sent_on),
    )
    queue_email(kind="records_confirm", recipient=email, context={"request": request.pk})
    return request


@transaction.atomic
def confirm(request: RecordsRequest) -> None:
    RecordsRequest.objects.filter(pk=request.pk, confirmed_at=None).update(
        confirmed_at=timezone.now()
    )


@transaction.atomic
def record_answer(
    *, request: RecordsRequest, status: str, answered_on: date | None, notes: str
) -> None:
    request.status = status
    request.answered_on = answered_on
    request.answer_notes = notes
    request.save(update_fields=["status", "answered_on", "answer_notes"])


@transaction.atomic
def send_reminders() -> int:
    """Once per request, three days before its deadline (or as soon as it is due)."""
    soon = timezone.now().date() + timedelta(days=3)
    due = RecordsRequest.objects.filter(
        confirmed_at__isnull=False,
        status=RecordsRequest.Status.WAITING,
        due_on__lte=soon,
        reminded_at__isnull=True,
    )
    sent = 0
    for request in due:
        queue_email(
            kind="records_reminder", recipient=request.email, context={"request": request.pk}
        )
        sent += 1
    due.update(reminded_at=timezone.now())
    return sent


def held_for(email_index: str) -> list[dict[str, Any]]:
    return [
        {
            "agency": r.agency,
            "state": r.state,
            "sent_on": r.sent_on.isoformat(),
            "due_on": r.due_on.isoformat() if r.due_on else None,
            "status": r.status,
            "answer_notes": r.answer_notes,
        }
        for r in RecordsRequest.objects.filter(email_index=email_index)
    ]


def retention_cutoff() -> date:
    return timezone.now().date() - timedelta(days=settings.RECORDS_REQUEST_RETENTION_DAYS)
