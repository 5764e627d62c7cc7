from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand
from tqdm import tqdm

from stopalprs.lawmakers.importer import import_reference_data


class Command(BaseCommand):
    help = (
        "Load (or refresh) ZIP codes, congressional districts, members of Congress, their "
        "district offices and state legislators from data/ into the database. Idempotent."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--data", type=Path, help="Folder laid out like data/ (default).")

    def handle(self, *args: Any, data: Path | None = None, **options: Any) -> None:
        def progress(rows: Iterable[Any], label: str, total: int) -> Iterator[Any]:
            yield from tqdm(rows, desc=label, total=total, unit=" rows", file=self.stderr)

        report = import_reference_data(data, progress=progress)
        for table, counts in report.items():
            summary = ", ".join(f"{n} {what}" for what, n in counts.items())
            self.stdout.write(f"{table}: {summary}")
