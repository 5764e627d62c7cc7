"""Signatures collected on paper at events, copied in by staff.

A paper signature counts like a confirmed online one (the handwritten signature is the
confirmation) and is shown apart on the dashboard and in open data. It is checked against
every signature of the campaign first: by email address when the sheet has one, otherwise by
name within the same ZIP code, so someone who signed both online and on paper counts once.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, time
from typing import Any

from defusedcsv import csv
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from stopalprs.actions.checks import Door
from stopalprs.audit import services as audit
from stopalprs.campaigns.services import forget_counts
from stopalprs.lawmakers.services import Seat, SeatError, seat_for
from stopalprs.lawmakers.services import zip_code as find_zip
from stopalprs.lib import events, zipcodes
from stopalprs.signatures.models import PaperBatch, Signature
from stopalprs.signatures.services import new_signature

IMPORT_COLUMNS = [
    "first_name",
    "last_name",
    "zip_code",
    "email",
    "send_updates",
    "state",
    "district",
]
YES = {"1", "y", "yes", "true", "x", "sí", "si"}


@dataclass
class PaperResult:
    added: int = 0
    duplicates: int = 0
    # (line number, what is wrong): the sheet rows staff must look at again.
    errors: list[tuple[int, str]] = field(default_factory=list)
    # Lines stored with no district: a split ZIP code and no district column. They count for
    # the state's senators only, until staff add the district.
    district_unknown: list[int] = field(default_factory=list)


class PaperError(ValueError):
    """A row that cannot be stored as it is; the message says what to fix."""


def _yes(value: object) -> bool:
    if isinstance(value, bool):
        return value
    return str(value or "").strip().lower() in YES


def _name_key(first: str, last: str) -> str:
    return " ".join(f"{first} {last}".casefold().split())


def _is_duplicate(batch: PaperBatch, *, first: str, last: str, zip5: str, index: str) -> bool:
    same = Signature.objects.filter(campaign_id=batch.campaign_id)
    if index:
        return same.filter(email_index=index).exists()
    wanted = _name_key(first, last)
    # Names are encrypted, so they are compared after decryption, within one ZIP code.
    return any(
        _name_key(s.first_name, s.last_name) == wanted
        for s in same.filter(zip_code=zip5, anonymized_at__isnull=True).only(
            "first_name", "last_name"
        )
    )


def add_paper_signature(
    *,
    batch: PaperBatch,
    first_name: str,
    last_name: str,
    zip_code: str,
    email: str = "",
    send_updates: bool = False,
    state: str = "",
    district: str = "",
) -> Seat | None:
    """Store one paper signature and return its seat; None if the person had already signed.

    Raises PaperError."""
    first, last, email = first_name.strip(), last_name.strip(), email.strip()
    if not first or not last:
        raise PaperError("first and last name are both needed")
    zip5 = zipcodes.normalize(zip_code)
    place = find_zip(zip5 or "")
    if zip5 is None or place is None:
        raise PaperError(f"unknown ZIP code {zip_code!r}")
    try:
        seat = seat_for(place, district=district, state=state)
    except SeatError as error:
        raise PaperError(str(error)) from error
    collected = timezone.make_aware(datetime.combine(batch.collected_on, time(12)))
    try:
        signature = new_signature(
            campaign=batch.campaign,
            door=Door.PAPER,
            source=Signature.Source.PAPER,
            paper_batch=batch,
            first_name=first,
            last_name=last,
            email=email,
            zip_code=zip5,
            state=seat.state,
            district=seat.district,
            # Emailed only if the sheet gave an address and its consent line was ticked.
            send_updates=bool(email) and send_updates,
            status=Signature.Status.CONFIRMED,
            created_at=collected,
            confirmed_at=collected,
        )
    except ValidationError:
        raise PaperError(f"not an email address: {email!r}") from None
    if _is_duplicate(batch, first=first, last=last, zip5=zip5, index=signature.email_index or ""):
        return None
    try:
        with transaction.atomic():
            signature.save(force_insert=True)
            events.publish(
                events.SIGNATURE_CONFIRMED, object_id=signature.pk, campaign_id=batch.campaign_id
            )
            forget_counts(batch.campaign_id)  # confirmed on its collection day, not now
    except IntegrityError:  # the same address signed online a moment ago
        return None
    return seat


@transaction.atomic
def create_batch(*, actor: Any, batch: PaperBatch) -> PaperBatch:
    """Record a new batch of paper sheets (an event's), before its signatures are entered."""
    batch.entered_by = actor
    batch.save()
    audit.record(
        actor,
        "paper_batch.created",
        batch,
        detail=f"paper batch for {batch.event} ({batch.collected_on})",
    )
    return batch


@transaction.atomic
def import_rows(*, actor: Any, batch: PaperBatch, rows: Iterable[dict[str, Any]]) -> PaperResult:
    """Add every row of a sheet; bad rows are reported with their line number, not stored."""
    result = PaperResult()
    for line, row in enumerate(rows, start=2):  # line 1 is the header
        try:
            added = add_paper_signature(
                batch=batch,
                first_name=row.get("first_name") or "",
                last_name=row.get("last_name") or "",
                zip_code=row.get("zip_code") or "",
                email=row.get("email") or "",
                send_updates=_yes(row.get("send_updates")),
                state=row.get("state") or "",
                district=row.get("district") or "",
            )
        except PaperError as error:
            result.errors.append((line, str(error)))
            continue
        if added is None:
            result.duplicates += 1
            continue
        result.added += 1
        if added.district_unknown:
            result.district_unknown.append(line)
    audit.record(
        actor,
        "paper_batch.entered",
        object_type="paper_batch",
        ref=str(batch.pk),
        count=result.added,
        detail=f"paper signatures entered for {batch.event}: {result.added} added, "
        f"{result.duplicates} already signed, {len(result.errors)} refused, "
        f"{len(result.district_unknown)} without a district",
    )
    return result


def read_csv(data: bytes) -> list[dict[str, str]]:
    """Rows of an uploaded sheet (UTF-8, with or without a byte-order mark)."""
    text = data.decode("utf-8-sig")
    reader = csv.DictReader(io.StringIO(text))
    missing = {"first_name", "last_name", "zip_code"} - set(reader.fieldnames or [])
    if missing:
        raise PaperError(f"the header row lacks: {', '.join(sorted(missing))}")
    return list(reader)
