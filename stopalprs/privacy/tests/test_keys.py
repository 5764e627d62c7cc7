from __future__ import annotations

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.db import connection

from stopalprs.lib import crypto
from stopalprs.signatures.models import Signature

pytestmark = pytest.mark.django_db

EMAIL = "signatures_signature.email"


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
    assert stored.startswith("v3:") and "alice" not in stored

    settings.FIELD_ENCRYPTION_KEYS = [new, old]  # new key first: it encrypts, both decrypt
    assert Signature.objects.get().email == "alice@example.org"
    call_command("rotate_encryption_keys", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert raw_email(s.pk) != stored

    settings.FIELD_ENCRYPTION_KEYS = [new]  # the old key is gone, and nothing is lost
    fresh = Signature.objects.get()
    assert (fresh.first_name, fresh.email) == ("Alice", "alice@example.org")
    settings.FIELD_ENCRYPTION_KEYS = [old]  # and the old key alone can no longer read it
    with pytest.raises(crypto.InvalidToken):
        crypto.decrypt(raw_email(s.pk), context=EMAIL)


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
    assert raw_email(s.pk).startswith("v3:")
    assert Signature.objects.get().email == "old@example.org"


@pytest.mark.parametrize(
    "damage",
    [
        "v2:",
        "v2:!!!",
        "v2:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "v3:",
        "v3:!!!",
        "v3:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
    ],
)
def test_damaged_tokens_are_refused(damage):
    with pytest.raises(crypto.InvalidToken):
        crypto.decrypt(damage, context=EMAIL)


def test_a_flipped_bit_is_refused():
    token = crypto.encrypt("alice@example.org", context=EMAIL)
    raw = bytearray(crypto.base64.b64decode(token[3:]))
    raw[-1] ^= 1
    with pytest.raises(crypto.InvalidToken):
        crypto.decrypt("v3:" + crypto.base64.b64encode(bytes(raw)).decode(), context=EMAIL)


def test_a_token_is_bound_to_its_column_and_does_not_decrypt_in_another(campaign):
    s = Signature.objects.create(
        campaign=campaign,
        first_name="Alice",
        last_name="L",
        email="alice@example.org",
        email_index="i",
        comment="Not here",
        zip_code="94110",
        state="CA",
    )
    # Someone with write access to the database moves the email token into the comment.
    with connection.cursor() as cursor:
        cursor.execute("UPDATE signatures_signature SET comment = email WHERE id = %s", [s.pk])
    with pytest.raises(crypto.InvalidToken):
        Signature.objects.values_list("comment", flat=True).get(pk=s.pk)
    token = crypto.encrypt("alice@example.org", context=EMAIL)
    assert crypto.decrypt(token, context=EMAIL) == "alice@example.org"
    with pytest.raises(crypto.InvalidToken):
        crypto.decrypt(token, context="signatures_signature.comment")


def test_tokens_written_before_they_were_bound_are_read_and_rotated(campaign, settings):
    s = Signature.objects.create(
        campaign=campaign,
        first_name="A",
        last_name="L",
        email="x",
        email_index="i",
        zip_code="94110",
        state="CA",
    )
    key_id, by_id = crypto._aead_keys()
    nonce = bytes(12)
    sealed = by_id[key_id].encrypt(nonce, b"old@example.org", None)  # as v2 wrote it
    unbound = "v2:" + crypto.base64.b64encode(key_id + nonce + sealed).decode()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE signatures_signature SET email = %s WHERE id = %s", [unbound, s.pk])
    assert Signature.objects.get().email == "old@example.org"
    call_command("rotate_encryption_keys", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert raw_email(s.pk).startswith("v3:")
    assert Signature.objects.get().email == "old@example.org"
