"""Model fields that keep personal data encrypted in the database."""

from __future__ import annotations

from typing import Any

from django.db import models

from stopalprs.lib import crypto


class EncryptedTextField(models.TextField):
    """Text stored as an AES-GCM-SIV token bound to its column (lib/crypto.py); Python code
    only ever sees plaintext.

    An empty value stays empty, so "no comment" costs nothing; it reveals only that a field
    was left blank. The column cannot be searched or ordered by: use a blind index for that.
    """

    description = "Text encrypted at rest"

    @property
    def crypto_context(self) -> str:
        # The column, not the model's name: stable while the table is (see audit.AuditEntry).
        return f"{self.model._meta.db_table}.{self.column}"

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> str | None:
        if not value:
            return value
        return crypto.decrypt(value, context=self.crypto_context)

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if not value:
            return value
        return crypto.encrypt(str(value), context=self.crypto_context)

    def get_lookup(self, lookup_name: str) -> Any:
        # Comparing ciphertexts is meaningless (each encryption is randomised), so refuse
        # rather than silently returning nothing.
        if lookup_name not in {"isnull"}:
            return None
        return super().get_lookup(lookup_name)
