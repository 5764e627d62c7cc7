"""The fenced speed-ups (stopalprs/lib/fastpath) are held to the ORM they stand in for: the
same SQL, the same rows, and the private hook the SQLite backend replaces still in use. A
Django upgrade that changes any of it fails here."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import IntegrityError, connection, connections, transaction
from django.db.backends.sqlite3 import base as django_sqlite
from django.db.models.signals import pre_save
from django.test.utils import CaptureQueriesContext

from stopalprs.campaigns.models import ShareTally
from stopalprs.lawmakers.models import ZipCode
from stopalprs.lib import crypto
from stopalprs.lib.fastpath.queries import PreparedQuery, prepare_insert, prepare_upsert
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


def _signature(campaign, email: str) -> Signature:
    return Signature(
        campaign=campaign,
        first_name="Ana",
        last_name="Díaz",
        email=email,
        email_index=crypto.blind_index(email),
        zip_code="94110",
        state="CA",
        confirmation_due=True,
    )


def _insert_sql(run) -> str:
    with CaptureQueriesContext(connection) as queries:
        run()
    [sql] = [q["sql"] for q in queries if q["sql"].startswith("INSERT")]
    return sql


def _columns(sql: str) -> str:
    """The statement up to its values: the table and every column, in order."""
    return sql.partition(" VALUES ")[0]


def test_the_prepared_insert_is_the_sql_that_save_runs(campaign):
    orm = _insert_sql(lambda: _signature(campaign, "orm@example.org").save(force_insert=True))
    fast = _insert_sql(prepare_insert(_signature(campaign, "fast@example.org")))
    assert _columns(fast) == _columns(orm)
    assert fast.rpartition(" RETURNING ")[2] == orm.rpartition(" RETURNING ")[2]


def test_the_prepared_upsert_inserts_as_save_does_and_returns_what_the_orm_reads(campaign):
    upsert: dict[str, Any] = {
        "unique": ("campaign", "email_index"),
        "on_conflict": {"duplicate_due": "true"},
    }
    returning = ("pk", "duplicate_due")
    orm = _insert_sql(lambda: _signature(campaign, "orm@example.org").save(force_insert=True))
    new = _signature(campaign, "fast@example.org")
    fast = _insert_sql(lambda: prepare_upsert(new, **upsert, returning=returning)())
    assert _columns(fast) == _columns(orm)  # the ORM's own INSERT, then the conflict clause
    assert ' ON CONFLICT ("campaign_id", "email_index") DO UPDATE SET ' in fast
    # New row, then the same address again: what it returns is what the ORM reads back.
    first = prepare_upsert(_signature(campaign, "bo@example.org"), **upsert, returning=returning)()
    again = prepare_upsert(_signature(campaign, "bo@example.org"), **upsert, returning=returning)()
    stored = Signature.objects.get(pk=first[0])
    assert first == (stored.pk, False) and again == (stored.pk, True)
    assert stored.duplicate_due is True and type(again[1]) is bool
    assert stored.first_name == "Ana"  # the existing row kept, only the flag changed


def test_a_model_with_a_save_of_its_own_is_never_skipped(campaign):
    class Audited(ShareTally):
        saved = 0

        class Meta:
            proxy = True
            app_label = "campaigns"

        def save(self, *args, **kwargs):
            type(self).saved += 1
            super().save(*args, **kwargs)

    prepare_insert(Audited(campaign=campaign, channel="x"))()
    assert Audited.saved == 1
    with pytest.raises(TypeError, match="save"):
        prepare_upsert(
            Audited(campaign=campaign, channel="y"),
            unique=("id",),
            on_conflict={"repeat": "true"},
            returning=("pk",),
        )


def test_the_prepared_query_runs_the_querysets_own_sql():
    def make():
        return ZipCode.objects.filter(zip="94110")[:1]

    prepared = PreparedQuery(make)
    with CaptureQueriesContext(connection) as fast:
        prepared.first("94110")
    with CaptureQueriesContext(connection) as orm:
        list(make())
    assert [q["sql"] for q in fast] == [q["sql"] for q in orm]


@pytest.mark.django_db(transaction=True)
def test_the_sqlite_backend_still_begins_through_the_hook_it_replaces():
    wrapper: Any = connections["default"]
    if wrapper.vendor != "sqlite":
        pytest.skip("the SQLite backend only")
    assert hasattr(django_sqlite.DatabaseWrapper, "_start_transaction_under_autocommit")
    assert type(wrapper).__module__ == "stopalprs.lib.fastpath.sqlite.base"
    calls = []
    original = type(wrapper)._start_transaction_under_autocommit

    def spy(self):
        calls.append(True)
        return original(self)

    type(wrapper)._start_transaction_under_autocommit = spy
    try:
        with transaction.atomic():
            ShareTally.objects.exists()
    finally:
        type(wrapper)._start_transaction_under_autocommit = original
    assert calls == [True]  # atomic() began through it: the short-step wait is in force
