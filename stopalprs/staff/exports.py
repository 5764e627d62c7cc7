"""Exports of signatures and organizers, as CSV or XLSX.

- streamed: rows are read in chunks and written out as they come (XLSX through a temporary
  file in constant-memory mode), so a million rows never sit in memory;
- permission-gated by column: personal columns only for roles that may export them;
- audited: the entry is written before the first row leaves;
- spreadsheet-safe: CSV cells that a spreadsheet would run as a formula are escaped by
  defusedcsv; XLSX cells are written as typed strings, which spreadsheets never evaluate.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import IO, Any

import xlsxwriter
from defusedcsv import csv
from django.db import transaction

from stopalprs.campaigns.models import Campaign
from stopalprs.organizing.models import Organizer
from stopalprs.privacy.models import AuditEntry
from stopalprs.privacy.services import Access, record_access
from stopalprs.signatures.models import Signature

CHUNK = 2000
FORMATS = ("csv", "xlsx")


def _iso(value: Any) -> str:
    return value.isoformat() if value else ""


# Column name -> how to read it from a row. Personal columns are listed apart.
SIGNATURE_COLUMNS: dict[str, Callable[[Signature], object]] = {
    "signature_id": lambda s: str(s.public_id),
    "first_name": lambda s: s.first_name,
    "last_name": lambda s: s.last_name,
    "email": lambda s: s.email,
    "comment": lambda s: s.comment,
    "zip_code": lambda s: s.zip_code,
    "state": lambda s: s.state,
    "district": lambda s: s.district,
    "source": lambda s: s.source,
    "status": lambda s: s.status,
    "send_updates": lambda s: s.send_updates,
    "share_name": lambda s: s.share_name,
    "language": lambda s: s.language,
    "signed_at": lambda s: _iso(s.created_at),
    "confirmed_at": lambda s: _iso(s.confirmed_at),
}
# Who may only see aggregates gets rows that name nobody: no id to join on, no names, no
# address, and the day rather than the minute of signing.
AGGREGATE_SIGNATURE_COLUMNS: dict[str, Callable[[Signature], object]] = {
    "zip_code": lambda s: s.zip_code,
    "state": lambda s: s.state,
    "district": lambda s: s.district,
    "source": lambda s: s.source,
    "status": lambda s: s.status,
    "signed_on": lambda s: s.created_at.date().isoformat(),
}
ORGANIZER_COLUMNS: dict[str, Callable[[Organizer], object]] = {
    "organizer_id": lambda o: str(o.public_id),
    "name": lambda o: o.name,
    "email": lambda o: o.email,
    "phone": lambda o: o.phone,
    "organization": lambda o: o.organization,
    "city": lambda o: o.city,
    "state": lambda o: o.state,
    "zip_code": lambda o: o.zip_code,
    "role": lambda o: o.role,
    "status": lambda o: o.status,
    "city_uses_alpr": lambda o: o.uses_alpr,
    "vendor": lambda o: o.vendor,
    "contract_stage": lambda o: o.stage,
    "help_wanted": lambda o: ", ".join(o.help_wanted),
    "send_updates": lambda o: o.send_updates,
    "joined_at": lambda o: _iso(o.created_at),
    "confirmed_at": lambda o: _iso(o.confirmed_at),
}


@dataclass
class Export:
    filename: str
    columns: list[str]
    rows: Iterator[list[object]]
    total: int


def signature_columns(user: Any) -> dict[str, Callable[[Signature], object]]:
    if user.has_perm("signatures.export_signatures"):
        return SIGNATURE_COLUMNS
    return AGGREGATE_SIGNATURE_COLUMNS


def _rows(queryset: Any, columns: dict[str, Callable[[Any], object]]) -> Iterator[list[object]]:
    readers = list(columns.values())
    for item in queryset.iterator(chunk_size=CHUNK):
        yield [read(item) for read in readers]


@transaction.atomic
def export_signatures(*, actor: Any, campaign: Campaign, personal: bool | None = None) -> Export:
    """``personal`` None: the columns ``actor``'s role may see (the command line, run by the
    operator, passes it explicitly)."""
    if personal is None:
        columns = signature_columns(actor)
    else:
        columns = SIGNATURE_COLUMNS if personal else AGGREGATE_SIGNATURE_COLUMNS
    rows = Signature.objects.filter(campaign=campaign, anonymized_at__isnull=True).order_by("pk")
    total = rows.count()
    personal = columns is SIGNATURE_COLUMNS
    record_access(
        actor=actor,
        access=Access(
            action=AuditEntry.Action.EXPORT, object_type="signature", object_ref=campaign.slug,
            record_count=total,
            detail=f"export of {campaign.slug} "
            + ("with personal data" if personal else "without personal columns"),
        ),
    )  # fmt: skip
    return Export(f"{campaign.slug}-signatures", list(columns), _rows(rows, columns), total)


@transaction.atomic
def export_organizers(*, actor: Any) -> Export:
    rows = Organizer.objects.confirmed().order_by("pk")
    total = rows.count()
    record_access(
        actor=actor,
        access=Access(
            action=AuditEntry.Action.EXPORT, object_type="organizer", record_count=total,
            detail="export of the organizer network",
        ),
    )  # fmt: skip
    return Export("organizers", list(ORGANIZER_COLUMNS), _rows(rows, ORGANIZER_COLUMNS), total)


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_lines(export: Export) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield writer.writerow(export.columns)
    for row in export.rows:
        yield writer.writerow(row)


def write_xlsx(export: Export, rows: Iterable[list[object]] | None = None) -> IO[bytes]:
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
    for r, row in enumerate(export.rows if rows is None else rows, start=1):
        for col, value in enumerate(row):
            if isinstance(value, bool):
                sheet.write_boolean(r, col, value)
            else:
                sheet.write_string(r, col, str(value))
    workbook.close()
    out.seek(0)
    return out
