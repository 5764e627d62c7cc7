"""The statements compiled once for the signing path behave as the ORM calls they replace."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.models.signals import pre_save

from stopalprs.campaigns.models import ShareTally
from stopalprs.lawmakers.models import ZipCode
from stopalprs.lib import crypto
from stopalprs.lib.prepared import PreparedQuery, prepare_insert
from stopalprs.signatures.forms import SignatureForm
from stopalprs.signatures.models import Signature

pytestmark = pytest.mark.django_db


def test_a_prepared_query_gives_what_the_queryset_gives():
    by_zip = PreparedQuery(lambda: ZipCode.objects.filter(zip="00000")[:1])
    for code in ("94110", "90004", "00000"):
        prepared, orm = by_zip.first(code), ZipCode.objects.filter(zip=code).first()
        assert prepared == orm
        if prepared is not None and orm is not None:
            assert (prepared.city, prepared.district_list) == (orm.city, orm.district_list)
            assert not prepared._state.adding
    assert by_zip.exists("90004") and not by_zip.exists("00000")
    assert not by_zip.exists()  # the value it was built with
    assert PreparedQuery(lambda: ZipCode.objects.filter(zip="94110")[:1]).first() == (
        ZipCode.objects.get(zip="94110")
    )
    with pytest.raises(TypeError):
        by_zip.first("94110", "extra")
    # Keys only, for exists(): the same answers, and no half-built instances.
    keys = PreparedQuery(lambda: ZipCode.objects.filter(zip="00000").values_list("pk")[:1])
    assert keys.exists("90004") and not keys.exists("00000") and not keys.exists()
    with pytest.raises(TypeError):
        keys.first("90004")


def test_a_prepared_insert_stores_what_save_stores(campaign):
    def signature(email: str) -> Signature:
        return Signature(
            campaign=campaign,
            first_name="Ana",
            last_name="Díaz",
            email=email,
            email_index=crypto.blind_index(email),
            zip_code="94110",
            state="CA",
            comment="=HYPERLINK(x)",
            send_updates=True,
            confirmation_due=True,
        )

    prepared, saved = signature("ana@example.org"), signature("ana2@example.org")
    prepare_insert(prepared)()
    saved.save()
    assert prepared.pk and not prepared._state.adding
    a, b = (Signature.objects.get(pk=s.pk) for s in (prepared, saved))
    for field in Signature._meta.concrete_fields:
        if field.name not in ("id", "email", "email_index", "public_id", "receipt", "created_at"):
            assert getattr(a, field.attname) == getattr(b, field.attname), field.name
    assert a.email == "ana@example.org" and a.public_id == prepared.public_id
    # Encrypted at rest like any other save.
    with connection.cursor() as cursor:
        cursor.execute("SELECT email, first_name FROM signatures_signature WHERE id = %s", [a.pk])
        stored = cursor.fetchone()
    assert "ana@example.org" not in stored[0] and "Ana" not in stored[1]
    # A second row with the same address breaks the same constraint as save() would.
    with pytest.raises(IntegrityError), transaction.atomic():
        prepare_insert(signature("ana@example.org"))()


def test_a_model_with_signal_receivers_is_saved_the_ordinary_way(campaign):
    seen = []

    def receiver(sender, instance, **kwargs):
        seen.append(instance.channel)

    pre_save.connect(receiver, sender=ShareTally)
    try:
        tally = ShareTally(campaign=campaign, channel="mastodon")
        prepare_insert(tally)()
    finally:
        pre_save.disconnect(receiver, sender=ShareTally)
    assert seen == ["mastodon"] and ShareTally.objects.get().pk == tally.pk


def test_sign_forms_share_fields_but_never_one_another_s_changes():
    split = SignatureForm({"zip_code": "90004"})
    plain = SignatureForm({"zip_code": "94110"})
    assert split.fields["district"].widget.input_type == "radio"
    assert [c for c, _ in split.fields["district"].choices] == ["CA-30", "CA-34", "unsure"]  # type: ignore[attr-defined]
    assert plain.fields["district"].widget.input_type == "hidden"
    assert not hasattr(plain.fields["district"], "choices")  # the shared, plain hidden field
    assert plain.fields["district"] is SignatureForm.base_fields["district"]
    assert plain.fields["first_name"] is SignatureForm.base_fields["first_name"]
