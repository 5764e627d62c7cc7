from __future__ import annotations

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.db import connection

from stopalprs.lib import crypto
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
        campaign=campaign,
        first_name="Alice",
        last_name="L",
        email="alice@example.org",
        email_index="i",
        zip_code="94110",
        state="CA",
    )
    stored = raw_email(s.pk)
    assert stored.startswith("v2:") and "alice" not in stored

    settings.FIELD_ENCRYPTION_KEYS = [new, old]  # new key first: it encrypts, both decrypt
    assert Signature.objects.get().email == "alice@example.org"
    call_command("rotate_encryption_keys", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert raw_email(s.pk) != stored

    settings.FIELD_ENCRYPTION_KEYS = [new]  # the old key is gone, and nothing is lost
    fresh = Signature.objects.get()
    assert (fresh.first_name, fresh.email) == ("Alice", "alice@example.org")
    settings.FIELD_ENCRYPTION_KEYS = [old]  # and the old key alone can no longer read it
    with pytest.raises(crypto.InvalidToken):
        crypto.decrypt(raw_email(s.pk))


def test_tokens_written_by_fernet_are_read_and_rotated(campaign, settings):
    key = Fernet.generate_key().decode()
    settings.FIELD_ENCRYPTION_KEYS = [key]
    s = Signature.objects.create(
        campaign=campaign,
        first_name="A",
        last_name="L",
        email="x",
        email_index="i",
        zip_code="94110",
        state="CA",
    )
    legacy = Fernet(key.encode()).encrypt(b"old@example.org").decode()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE signatures_signature SET email = %s WHERE id = %s", [legacy, s.pk])
    assert Signature.objects.get().email == "old@example.org"
    call_command("rotate_encryption_keys", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert raw_email(s.pk).startswith("v2:")
    assert Signature.objects.get().email == "old@example.org"


@pytest.mark.parametrize("damage", ["v2:", "v2:!!!", "v2:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"])
def test_damaged_tokens_are_refused(damage):
    with pytest.raises(crypto.InvalidToken):
        crypto.decrypt(damage)


def test_a_flipped_bit_is_refused():
    token = crypto.encrypt("alice@example.org")
    raw = bytearray(crypto.base64.b64decode(token[3:]))
    raw[-1] ^= 1
    with pytest.raises(crypto.InvalidToken):
        crypto.decrypt("v2:" + crypto.base64.b64encode(bytes(raw)).decode())
