from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand

from stopalprs.watch.importer import import_contract_actions, import_records_laws


class Command(BaseCommand):
    help = "Load (or refresh) the ALPR contract actions from data/alpr/ into the database."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--data", type=Path, help="Folder laid out like data/ (default).")

    def handle(self, *args: Any, data: Path | None = None, **options: Any) -> None:
        report = import_contract_actions(data)
        self.stdout.write(f"contract actions: {report['created']} loaded")
        self.stdout.write(f"public-records laws: {import_records_laws(data)} loaded")
