"""Updates to supporters: the audience, the fan-out into the mail queue, and unsubscribing.

An update reaches the opted-in, confirmed, not-suppressed people of its audience once each.
The fan-out queues recipients in batches spread over time (``UPDATE_SENDS_PER_MINUTE``) so a
big list neither floods the mail server nor starves confirmation emails, and keeps a cursor
in the same transaction as each batch, so a fan-out that dies resumes without doubling.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.db.models import Count, QuerySet
from django.urls import reverse
from django.utils import timezone

from stopalprs.actions import identity
from stopalprs.audit import services as audit
from stopalprs.campaigns import services as campaigns
from stopalprs.campaigns.models import Campaign
from stopalprs.emails.services import queue_email
from stopalprs.lib.http import absolute_url
from stopalprs.organizing.models import Organizer
from stopalprs.signatures.models import Signature
from stopalprs.updates.models import Suppression, Update

BATCH = 500
UNSUBSCRIBE_SALT = "stopalprs.updates.unsubscribe"


def audience(update: Update) -> QuerySet[Any]:
    """The people an update goes to, as signature or organizer rows (one per address)."""
    suppressed = Suppression.objects.values("email_index")
    if update.audience == Update.Audience.ORGANIZERS:
        return (
            Organizer.objects.confirmed()
            .filter(send_updates=True)
            .exclude(email_index__in=suppressed)
        )
    people = (
        Signature.objects.confirmed()
        .filter(campaign=update.campaign, send_updates=True, anonymized_at__isnull=True)
        .exclude(email_index__isnull=True)
        .exclude(email_index__in=suppressed)
        .exclude(fraud_state=Signature.FraudState.INVALID)
    )
    if update.state:
        people = people.filter(state=update.state)
    if update.district:
        people = people.filter(district=update.district)
    return people


def audience_languages(update: Update) -> dict[str, int]:
    """How many of the audience read each language, e.g. {"en": 120, "es": 31}."""
    rows = audience(update).values_list("language").annotate(n=Count("pk")).order_by()
    counts: dict[str, int] = {}
    for language, n in rows:
        code = (language or "en")[:2]
        counts[code] = counts.get(code, 0) + n
    return counts


@transaction.atomic
def send_test(*, actor: Any, update: Update) -> None:
    """Send the update to the staff member writing it, exactly as supporters will see it:
    once in each language it is written in."""
    for language in ["en", *sorted(code for code in update.translations if code != "en")]:
        if update.language_for(language) == language:
            queue_email(
                kind="update_test",
                recipient=actor.email,
                context={"update_id": update.pk, "language": language},
            )


@transaction.atomic
def send_update(*, actor: Any, update: Update) -> bool:
    """Start sending a draft. Returns False if it was already sent or sending."""
    # The task module imports this one (its task calls back here): imported when called.
    from stopalprs.updates.tasks import fan_out_update

    started = Update.objects.filter(pk=update.pk, status=Update.Status.DRAFT).update(
        status=Update.Status.SENDING
    )
    if not started:
        return False
    audit.record(
        actor,
        "update.sent",
        object_type="update",
        ref=str(update.pk),
        count=audience(update).count(),
        detail=f"sent update: {update.subject}",
    )
    update_id = update.pk
    transaction.on_commit(lambda: fan_out_update.enqueue(update_id))
    return True


def fan_out(*, update_id: int) -> int:
    """Queue one email per recipient after the cursor; safe to run again. Returns how many."""
    queued = 0
    per_second = max(settings.UPDATE_SENDS_PER_MINUTE, 1) / 60
    start = timezone.now()
    while True:
        with transaction.atomic():
            update = Update.objects.select_for_update().get(pk=update_id)
            if update.status != Update.Status.SENDING:
                return queued
            batch = list(
                audience(update)
                .filter(pk__gt=update.cursor)
                .order_by("pk")
                .values_list("pk", flat=True)[:BATCH]
            )
            if not batch:
                update.status = Update.Status.SENT
                update.sent_at = timezone.now()
                update.save(update_fields=["status", "sent_at"])
                return queued
            organizers = update.audience == Update.Audience.ORGANIZERS
            key = "organizer_id" if organizers else "signature_id"
            for pk in batch:
                # Recipient n leaves no sooner than n / rate seconds after the first.
                run_after = start + timedelta(seconds=queued / per_second)
                queue_email(
                    kind="update",
                    context={"update_id": update.pk},
                    run_after=run_after,
                    **{key: pk},
                )
                queued += 1
            update.cursor = batch[-1]
            update.recipient_count += len(batch)
            update.save(update_fields=["cursor", "recipient_count"])


def unsubscribe_token(email: str) -> str:
    # No expiry: an unsubscribe link in an old email must still work (RFC 8058).
    index = identity.email_index(email)
    return signing.Signer(salt=UNSUBSCRIBE_SALT).sign(index)


def unsubscribe_url(email: str) -> str:
    return absolute_url(reverse("updates:unsubscribe", args=[unsubscribe_token(email)]))


def read_unsubscribe_token(token: str) -> str:
    """The blind index the token names; raises ``signing.BadSignature`` if forged."""
    return signing.Signer(salt=UNSUBSCRIBE_SALT).unsign(token)


@transaction.atomic
def suppress(*, email_index: str, reason: str) -> None:
    """No more updates to this address, from any campaign or the organizer network."""
    Suppression.objects.get_or_create(email_index=email_index, defaults={"reason": reason})
    Signature.objects.filter(email_index=email_index, send_updates=True).update(send_updates=False)
    Organizer.objects.filter(email_index=email_index, send_updates=True).update(send_updates=False)


def suppress_address(*, email: str, reason: str) -> None:
    suppress(email_index=identity.email_index(email), reason=reason)


def is_suppressed(email: str) -> bool:
    index = identity.email_index(email)
    return Suppression.objects.filter(email_index=index).exists()


@transaction.atomic
def declare_victory(
    *,
    actor: Any,
    campaign: Campaign,
    message: str,
    message_es: str = "",
    subject: str,
    notify: bool,
) -> Campaign:
    """Mark a campaign won: the message replaces the sign form, and (if ``notify``) goes to
    every confirmed signer who asked for updates, through the normal update queue."""
    campaigns.mark_won(
        actor=actor, campaign=campaign, message=message, message_es=message_es, notify=notify
    )
    if notify:
        send_update(
            actor=actor, update=victory_update(actor=actor, campaign=campaign, subject=subject)
        )
    return campaign


def victory_update(*, actor: Any, campaign: Campaign, subject: str) -> Update:
    """The update that tells a campaign's opted-in signers it was won (sent at once)."""
    return Update.objects.create(
        audience=Update.Audience.SIGNERS,
        campaign=campaign,
        subject=subject,
        body=campaign.victory_message,
        created_by=actor if actor.is_authenticated else None,
    )


# What a draft's audit entry shows before and after.
DRAFT_FIELDS = ["audience", "campaign", "state", "district", "subject", "body", "translations"]


@transaction.atomic
def save_draft(*, actor: Any, update: Update) -> Update:
    """Create or change a draft update (from the staff form), with its audit entry."""
    created = update.pk is None
    stored = None if created else Update.objects.filter(pk=update.pk).first()
    if stored is not None and stored.status != Update.Status.DRAFT:
        raise ValueError("only a draft can be edited")
    before = audit.snapshot(stored, DRAFT_FIELDS) if stored is not None else {}
    if created:
        update.created_by = actor
    update.save()
    changed = audit.changes(before, audit.snapshot(update, DRAFT_FIELDS))
    audit.record(
        actor,
        "update.drafted" if created else "update.edited",
        update,
        detail=("drafted" if created else "edited")
        + f" update: {update.subject}"
        + ("" if created else f" ({', '.join(changed['after']) or 'nothing changed'})"),
        data=changed,
    )
    return update
