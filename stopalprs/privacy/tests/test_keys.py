from __future__ import annotations

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.db import connection

from stopalprs.signatures.models import Signature

pytestmark = pytest.mark.django_db


def raw_email(pk: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT email FROM signatures_signature WHERE id = %s", [pk])
        return cursor.fetchone()[0]


def test_rotation_reencrypts_with_the_newest_key(campaign, settings):
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.FIELD_ENCRYPTION_KEYS = [old]
    s = Signature.objects.create(
        campaign=campaign, first_name="Alice", last_name="L", email="alice@example.org",
        email_index="i", zip_code="94110", state="CA",
    )  # fmt: skip
    assert Fernet(old.encode()).decrypt(raw_email(s.pk).encode()) == b"alice@example.org"

    settings.FIELD_ENCRYPTION_KEYS = [new, old]  # new key first: it encrypts, both decrypt
    assert Signature.objects.get().email == "alice@example.org"
    call_command("rotate_encryption_keys", stdout=open("/dev/null", "w"))  # noqa: SIM115

    settings.FIELD_ENCRYPTION_KEYS = [new]  # the old key is gone, and nothing is lost
    fresh = Signature.objects.get()
    assert (fresh.first_name, fresh.email) == ("Alice", "alice@example.org")
    assert Fernet(new.encode()).decrypt(raw_email(s.pk).encode()) == b"alice@example.org"
