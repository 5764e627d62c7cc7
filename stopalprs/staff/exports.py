"""Exports of signatures and organizers, as CSV or XLSX.

- streamed: rows are read in chunks and written out as they come (XLSX through a temporary
  file in constant-memory mode), so a million rows never sit in memory;
- permission-gated by column: personal columns only for roles that may export them;
- audited: the entry is written before the first row leaves;
- spreadsheet-safe: CSV is written by defusedcsv's writer, which escapes every cell a
  spreadsheet would run as a formula (no column is trusted to be safe: it fails closed);
  XLSX cells are written as typed strings, which spreadsheets never evaluate.
"""

from __future__ import annotations

import io
import multiprocessing
import os
import pickle
import tempfile
from collections.abc import Callable, Collection, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from typing import IO, Any

import xlsxwriter
from defusedcsv import csv
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Case, Count, Max, Min, QuerySet, Value, When

from stopalprs.audit import services as audit
from stopalprs.campaigns.models import Campaign
from stopalprs.organizing.models import Organizer
from stopalprs.signatures import crm
from stopalprs.signatures.models import Signature
from stopalprs.staff import export_worker

CHUNK = 2000
FORMATS = ("csv", "xlsx")


def _iso(value: Any) -> str:
    return value.isoformat() if value else ""


def _day(value: Any) -> str:
    return value.date().isoformat()


# Column -> (the model field it comes from, how to write it; None: as it is). Rows are read
# as tuples of these fields, never as model instances: an export of a million rows spends
# its time decrypting and writing, not building objects.
Columns = dict[str, tuple[str, Callable[[Any], object] | None]]

# Where a signature stands, as one word per row: whether it counts, and if not, why. The first
# rule that applies wins: a held-back signature is "suspect" whether or not it was confirmed.
STANDINGS = {
    "counted": "Counted (signed online or imported, confirmed)",
    "paper": "Counted (signed on paper)",
    "pending": "Pending (not confirmed yet)",
    "suspect": "Suspect (held back by the integrity checks)",
    "invalid": "Invalid (never counted)",
}
# What an export holds unless staff choose otherwise: the signatures that count.
COUNTED_STANDINGS = ("counted", "paper")


def standing() -> Case:
    return Case(
        When(fraud_state=Signature.FraudState.INVALID, then=Value("invalid")),
        When(fraud_state=Signature.FraudState.SUSPECT, then=Value("suspect")),
        When(status=Signature.Status.PENDING, then=Value("pending")),
        When(source=Signature.Source.PAPER, then=Value("paper")),
        default=Value("counted"),
    )


def standing_counts(campaign: Campaign) -> dict[str, int]:
    """How many of the campaign's (not anonymized) signatures stand where, every standing
    listed."""
    rows = (
        _signatures(campaign)
        .annotate(standing=standing())
        .values_list("standing")
        .annotate(n=Count("pk"))
        .order_by()
    )
    found = dict(rows)
    return {key: found.get(key, 0) for key in STANDINGS}


def _signatures(campaign: Campaign) -> QuerySet[Signature]:
    return Signature.objects.filter(campaign=campaign, anonymized_at__isnull=True)


SIGNATURE_COLUMNS: Columns = {
    "signature_id": ("public_id", str),
    "first_name": ("first_name", None),
    "last_name": ("last_name", None),
    "email": ("email", None),
    "comment": ("comment", None),
    "zip_code": ("zip_code", None),
    "state": ("state", None),
    "district": ("district", None),
    "source": ("source", None),
    "status": ("status", None),
    "standing": ("standing", None),
    "send_updates": ("send_updates", None),
    "share_name": ("share_name", None),
    "language": ("language", None),
    "signed_at": ("created_at", _iso),
    "confirmed_at": ("confirmed_at", _iso),
}
# Who may only see aggregates gets rows that name nobody: no id to join on, no names, no
# address, and the day rather than the minute of signing.
AGGREGATE_SIGNATURE_COLUMNS: Columns = {
    "zip_code": ("zip_code", None),
    "state": ("state", None),
    "district": ("district", None),
    "source": ("source", None),
    "status": ("status", None),
    "standing": ("standing", None),
    "signed_on": ("created_at", _day),
}
ORGANIZER_COLUMNS: Columns = {
    "organizer_id": ("public_id", str),
    "name": ("name", None),
    "email": ("email", None),
    "phone": ("phone", None),
    "organization": ("organization", None),
    "city": ("city", None),
    "state": ("state", None),
    "zip_code": ("zip_code", None),
    "role": ("role", None),
    "status": ("status", None),
    "city_uses_alpr": ("uses_alpr", None),
    "vendor": ("vendor", None),
    "contract_stage": ("stage", None),
    "help_wanted": ("help_wanted", ", ".join),
    "send_updates": ("send_updates", None),
    "joined_at": ("created_at", _iso),
    "confirmed_at": ("confirmed_at", _iso),
}


@dataclass
class Export:
    filename: str
    total: int
    # What the rows come from, and which columns of them are written.
    queryset: Any
    spec: Columns

    @property
    def columns(self) -> list[str]:
        return list(self.spec)

    def rows(self) -> Iterator[list[object]]:
        return rows_of(self.queryset, self.spec)


def _subscription(send_updates: bool) -> str:
    return "subscribed" if send_updates else "unsubscribed"


def crm_columns(layout: str) -> Columns:
    """Signatures in the column names of another tool (see signatures.crm.LAYOUTS)."""
    names = crm.LAYOUTS[layout].columns
    ours: Columns = {
        "first_name": ("first_name", None),
        "last_name": ("last_name", None),
        "email": ("email", None),
        "zip_code": ("zip_code", None),
        "state": ("state", None),
        "subscription": ("send_updates", _subscription),
        "comment": ("comment", None),
        "signed_at": ("created_at", _iso),
        "id": ("public_id", str),
    }
    return {names[key]: value for key, value in ours.items()}


def rows_of(queryset: Any, columns: Columns) -> Iterator[list[object]]:
    """Rows as lists, each value formatted for people (CSV escaping is the writer's)."""
    fields = [field for field, _ in columns.values()]
    formats = [(i, fmt) for i, (_, fmt) in enumerate(columns.values()) if fmt is not None]
    for values in queryset.values_list(*fields).iterator(chunk_size=CHUNK):
        row = list(values)
        for i, fmt in formats:
            row[i] = fmt(row[i])
        yield row


@transaction.atomic
def export_signatures(
    *,
    actor: Any,
    campaign: Campaign,
    personal: bool | None = None,
    layout: str = "",
    standings: Collection[str] = COUNTED_STANDINGS,
) -> Export:
    """``personal`` None: the columns ``actor``'s role may see (the command line, run by the
    operator, passes it explicitly). ``layout``: Action Network's or ActionKit's columns
    (personal by nature: PermissionDenied for a role that may not export people).
    ``standings``: which signatures (see STANDINGS); the ones that count unless chosen."""
    chosen = [key for key in STANDINGS if key in standings]
    if not chosen or set(standings) - set(STANDINGS):
        raise ValueError(f"standings: choose among {', '.join(STANDINGS)}")
    if personal is None:
        personal = actor.has_perm("signatures.export_signatures")
    if layout:
        if not personal:
            raise PermissionDenied
        columns = crm_columns(layout)
    else:
        columns = SIGNATURE_COLUMNS if personal else AGGREGATE_SIGNATURE_COLUMNS
    rows = _signatures(campaign).annotate(standing=standing()).order_by("pk")
    if len(chosen) < len(STANDINGS):
        rows = rows.filter(standing__in=chosen)
    total = rows.count()
    which = "all signatures" if len(chosen) == len(STANDINGS) else ", ".join(chosen)
    audit.record(
        actor,
        "signatures.exported",
        object_type="signature",
        ref=campaign.slug,
        count=total,
        detail=f"export of {campaign.slug} ({which}) "
        + ("with personal data" if personal else "without personal columns")
        + (f" for {crm.LAYOUTS[layout].label}" if layout else ""),
    )
    suffix = f"-{layout.replace('_', '-')}" if layout else ""
    if len(chosen) < len(STANDINGS):
        suffix += "-" + "-".join(chosen)
    return Export(f"{campaign.slug}-signatures{suffix}", total, rows, columns)


@transaction.atomic
def export_organizers(*, actor: Any) -> Export:
    rows = Organizer.objects.confirmed().order_by("pk")
    total = rows.count()
    audit.record(
        actor,
        "organizers.exported",
        object_type="organizer",
        count=total,
        detail="export of the organizer network",
    )
    return Export("organizers", total, rows, ORGANIZER_COLUMNS)


def csv_lines(export: Export, progress: Any = None) -> Iterator[str]:
    """The CSV text in pieces of ``CHUNK`` rows (fewer, larger writes than a line each)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(export.columns)
    pending = 0
    for row in export.rows():
        writer.writerow(row)
        pending += 1
        if pending == CHUNK:
            if progress is not None:
                progress.update(pending)
            pending = 0
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    if progress is not None:
        progress.update(pending)
    yield buffer.getvalue()


def write_xlsx(export: Export, progress: Any = None) -> IO[bytes]:
    """The workbook in a temporary file (deleted when closed), positioned at its start."""
    out = tempfile.TemporaryFile()  # noqa: SIM115 - the caller streams and closes it
    workbook = xlsxwriter.Workbook(
        out,
        {
            # Rows are flushed to disk as they are written: memory stays flat.
            "constant_memory": True,
            # Text stays text: "=HYPERLINK(…)" typed into a form is never a formula here.
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
        },
    )
    sheet = workbook.add_worksheet(export.filename[:31])
    bold = workbook.add_format({"bold": True})
    for col, name in enumerate(export.columns):
        sheet.write_string(0, col, name, bold)
    for r, row in enumerate(export.rows(), start=1):
        if progress is not None:
            progress.update(1)
        for col, value in enumerate(row):
            if isinstance(value, bool):
                sheet.write_boolean(r, col, value)
            else:
                sheet.write_string(r, col, str(value))
    workbook.close()
    out.seek(0)
    return out


# --- In parallel, for the command line -------------------------------------------------------
# Decrypting is most of an export's cost and runs on one core per process, so the command
# line splits the rows into primary-key ranges, has worker processes turn each range into CSV
# text, and writes the pieces in order. (Not done inside a web worker: a request must not
# start a pool.)

RANGE_ROWS = 20_000


def csv_in_parallel(export: Export, *, jobs: int, progress: Any = None) -> Iterator[str]:
    """The CSV text of ``export``, made by ``jobs`` processes, in primary-key order."""
    header = io.StringIO()
    csv.writer(header).writerow(export.columns)
    yield header.getvalue()
    bounds = export.queryset.aggregate(low=Min("pk"), high=Max("pk"))
    if bounds["low"] is None:
        return
    ranges = [(n, n + RANGE_ROWS) for n in range(bounds["low"], bounds["high"] + 1, RANGE_ROWS)]
    # The query, not the QuerySet: pickling a QuerySet would run it and ship every row.
    job = pickle.dumps((export.queryset.model._meta.label, export.queryset.query, export.spec))
    setup = (os.environ.get("DJANGO_SETTINGS_MODULE", "stopalprs.settings"), job)
    # An executor, not a Pool: a worker that cannot start fails the export instead of being
    # replaced for ever.
    with ProcessPoolExecutor(
        jobs,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=export_worker.start,
        initargs=setup,
    ) as pool:
        for text, count in pool.map(export_worker.csv_range, ranges):
            if progress is not None:
                progress.update(count)
            yield text
