from __future__ import annotations

from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction

from stopalprs.lib.fields import EncryptedTextField

BATCH = 500


class Command(BaseCommand):
    help = (
        "Re-encrypt every encrypted field with the first key of FIELD_ENCRYPTION_KEYS. Run after "
        "putting a new key first; then the old keys can be removed. Safe to run again."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        for model in apps.get_models():
            fields = [f.name for f in model._meta.fields if isinstance(f, EncryptedTextField)]
            if not fields:
                continue
            total = model._default_manager.count()
            done = 0
            # Reading decrypts with whichever key made the token; saving encrypts with the
            # newest. Batches keep memory flat and each transaction short.
            for start in range(0, total, BATCH):
                with transaction.atomic():
                    batch = list(model._default_manager.order_by("pk")[start : start + BATCH])
                    model._default_manager.bulk_update(batch, fields)
                done += len(batch)
                self.stdout.write(f"\r{model._meta.label}: {done}/{total}", ending="")
            self.stdout.write(f"\r{model._meta.label}: {done}/{total} re-encrypted")
