"""Moving signers in from, and out to, the tools campaigns already use: CSV files in the
column layouts of Action Network's and ActionKit's exports and uploads.

Coming in, each person keeps what they agreed to: only a row whose subscription status says
"subscribed" may get updates from us, an address that bounced or complained goes on the
suppression list, and nobody is emailed by the import itself (they confirmed where they
signed). A person already signed here counts once. Rows that cannot be stored are reported
with their line number.

The layouts (``LAYOUTS``) name each tool's own columns: Action Network's report and upload
fields (``zip_code``, ``can2_user_state``, ``can2_subscription_status``); ActionKit's upload
fields (``zip``, ``action_comment``, ``user_*``) and its subscription status. Exports use the
same names, so the file can be uploaded there as it is.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from defusedcsv import csv
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from stopalprs.actions.checks import Door
from stopalprs.audit import services as audit
from stopalprs.campaigns.models import Campaign
from stopalprs.campaigns.services import forget_counts
from stopalprs.lawmakers.services import SeatError, seat_for
from stopalprs.lawmakers.services import zip_code as find_zip
from stopalprs.lib import zipcodes
from stopalprs.signatures.models import Signature
from stopalprs.signatures.services import new_signature
from stopalprs.updates.models import Suppression

CHUNK = 1000


@dataclass(frozen=True)
class Layout:
    label: str
    # Our field -> the tool's column name.
    columns: dict[str, str]
    # A column only this layout has, to recognise a file.
    marker: str


LAYOUTS = {
    "action_network": Layout(
        label="Action Network",
        columns={
            "email": "email",
            "first_name": "first_name",
            "last_name": "last_name",
            "zip_code": "zip_code",
            "state": "can2_user_state",
            "district": "district",
            "subscription": "can2_subscription_status",
            "comment": "comments",
            "signed_at": "created_at",
            "id": "stopalprs_id",
        },
        marker="can2_subscription_status",
    ),
    "actionkit": Layout(
        label="ActionKit",
        columns={
            "email": "email",
            "first_name": "first_name",
            "last_name": "last_name",
            "zip_code": "zip",
            "state": "state",
            "district": "district",
            "subscription": "subscription_status",
            "comment": "action_comment",
            "signed_at": "created_at",
            "id": "user_stopalprs_id",
        },
        marker="zip",
    ),
}
SUBSCRIBED = "subscribed"
# What each tool calls an address that must not be mailed again, and our reason for it.
SUPPRESS = {
    "bouncing": Suppression.Reason.BOUNCED,
    "bounced": Suppression.Reason.BOUNCED,
    "spam complaint": Suppression.Reason.COMPLAINED,
    "complained": Suppression.Reason.COMPLAINED,
    "unsubscribed": Suppression.Reason.UNSUBSCRIBED,
}


class CrmFileError(ValueError):
    """The file as a whole cannot be read (wrong layout, missing columns)."""


@dataclass
class ImportResult:
    added: int = 0
    duplicates: int = 0
    subscribed: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)
    # Lines stored with no district (a split ZIP code, no district column): senators only.
    district_unknown: list[int] = field(default_factory=list)


def detect_layout(header: Iterable[str]) -> str:
    names = {h.strip().lower() for h in header}
    for key, layout in LAYOUTS.items():
        if layout.marker in names:
            return key
    raise CrmFileError(
        "Not an Action Network or ActionKit file: expected a can2_subscription_status "
        "column (Action Network) or a zip column (ActionKit)."
    )


def read_rows(data: bytes, layout: str = "") -> tuple[str, list[dict[str, str]]]:
    """The layout (given, or recognised from the header) and the rows, keyed by our names."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise CrmFileError("The file is not UTF-8 text.") from error
    reader = csv.DictReader(io.StringIO(text))
    header = [h.strip().lower() for h in reader.fieldnames or []]
    layout = layout or detect_layout(header)
    columns = LAYOUTS[layout].columns
    needed = [columns[f] for f in ("email", "first_name", "last_name", "zip_code")]
    missing = [name for name in needed if name not in header]
    if missing:
        raise CrmFileError(f"The header row lacks: {', '.join(missing)}.")
    ours = {theirs: mine for mine, theirs in columns.items()}
    rows = [
        {
            ours[k.strip().lower()]: (v or "").strip()
            for k, v in row.items()
            if k and k.strip().lower() in ours
        }
        for row in reader
    ]
    return layout, rows


def _when(value: str) -> datetime | None:
    if not value:
        return None
    try:
        moment = parse_datetime(value.replace(" UTC", "+00:00"))
        day = parse_date(value[:10]) if moment is None else None
    except ValueError:  # looks like a date, is not one (2024-02-30)
        return None
    if day is not None:
        moment = datetime(day.year, day.month, day.day, 12, tzinfo=UTC)
    if moment is not None and timezone.is_naive(moment):
        moment = moment.replace(tzinfo=UTC)
    return moment


def _signature(campaign: Campaign, row: dict[str, str], now: datetime) -> tuple[Signature, bool]:
    """An unsaved signature for one row, and whether its district is unknown; ValueError says
    what is wrong with the row."""
    email = row.get("email", "")
    if not email:
        raise ValueError("no email address")
    first, last = row.get("first_name", ""), row.get("last_name", "")
    if not first or not last:
        raise ValueError("first and last name are both needed")
    zip5 = zipcodes.normalize(row.get("zip_code", ""))
    place = find_zip(zip5 or "")
    if zip5 is None or place is None:
        raise ValueError(f"unknown ZIP code {row.get('zip_code', '')!r}")
    try:
        seat = seat_for(place, district=row.get("district", ""), state=row.get("state", ""))
    except SeatError as error:
        raise ValueError(str(error)) from error
    signed = min(_when(row.get("signed_at", "")) or now, now)
    try:
        signature = new_signature(
            campaign=campaign,
            door=Door.IMPORT,
            first_name=first,
            last_name=last,
            email=email,
            comment=row.get("comment", "")[:2000],
            zip_code=zip5,
            state=seat.state,
            district=seat.district,
            send_updates=row.get("subscription", "").lower() == SUBSCRIBED,
            source=Signature.Source.IMPORT,
            status=Signature.Status.CONFIRMED,
            created_at=signed,
            confirmed_at=signed,
        )
    except ValidationError:
        raise ValueError(f"not an email address: {email}") from None
    return signature, seat.district_unknown


def _chunks(rows: list[dict[str, str]]) -> Iterator[tuple[int, list[dict[str, str]]]]:
    for start in range(0, len(rows), CHUNK):
        yield start + 2, rows[start : start + CHUNK]  # line 1 is the header


def import_signatures(
    *,
    actor: Any,
    campaign: Campaign,
    layout: str,
    rows: list[dict[str, str]],
    filename: str = "",
) -> ImportResult:
    """Store every row as a confirmed signature of ``campaign``; nobody is emailed.

    One transaction per chunk of rows, not one for the file: on SQLite a transaction holds
    the only write lock, and signers must not wait behind a whole import. A file cut short
    (a crash, a restart) is finished by uploading it again: what is stored is recognised.
    """
    result = ImportResult()
    now = timezone.now()
    seen: set[str] = set()
    source = f"{LAYOUTS[layout].label} ({filename or 'file'})"
    _audit(
        actor,
        campaign,
        "signatures.import_started",
        len(rows),
        f"import of {len(rows)} rows from {source} started",
    )
    for first_line, chunk in _chunks(rows):
        new: list[Signature] = []
        suppress: dict[str, str] = {}
        for line, row in enumerate(chunk, start=first_line):
            try:
                sig, district_unknown = _signature(campaign, row, now)
            except ValueError as error:
                result.errors.append((line, str(error)))
                continue
            if district_unknown:
                result.district_unknown.append(line)
            index = sig.email_index or ""
            reason = SUPPRESS.get(row.get("subscription", "").lower())
            if reason:
                suppress[index] = reason
            if index in seen:
                result.duplicates += 1
                continue
            seen.add(index)
            new.append(sig)
        with transaction.atomic():
            _store(campaign, new, suppress, result)
            forget_counts(campaign.pk)  # confirmed when they signed elsewhere, not now
    _audit(
        actor,
        campaign,
        "signatures.imported",
        result.added,
        f"imported from {source}: {result.added} added, {result.duplicates} already signed, "
        f"{len(result.errors)} refused, {result.subscribed} with consent to updates, "
        f"{len(result.district_unknown)} without a district",
    )
    return result


def _store(
    campaign: Campaign, new: list[Signature], suppress: dict[str, str], result: ImportResult
) -> None:
    indexes = [s.email_index for s in new]
    held = set(
        Signature.objects.filter(campaign=campaign, email_index__in=indexes).values_list(
            "email_index", flat=True
        )
    )
    suppressed = set(
        Suppression.objects.filter(email_index__in=indexes).values_list("email_index", flat=True)
    )
    fresh = [s for s in new if s.email_index not in held]
    for sig in fresh:
        # An address that asked us (or them) to stop stays stopped.
        if sig.email_index in suppressed or sig.email_index in suppress:
            sig.send_updates = False
    result.duplicates += len(new) - len(fresh)
    # ignore_conflicts: someone signing online this very second counts once, as online.
    Signature.objects.bulk_create(fresh, ignore_conflicts=True)
    Suppression.objects.bulk_create(
        [Suppression(email_index=i, reason=r) for i, r in suppress.items()],
        ignore_conflicts=True,
    )
    result.added += len(fresh)
    result.subscribed += sum(s.send_updates for s in fresh)


def _audit(actor: Any, campaign: Campaign, verb: str, count: int, detail: str) -> None:
    audit.record(
        actor,
        verb,
        object_type="signature",
        ref=campaign.slug,
        count=count,
        detail=detail,
    )
