from __future__ import annotations

import socket
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from conftest import free_port
from stopalprs.emails import services
from stopalprs.emails.models import Email
from stopalprs.emails.tasks import deliver_email
from stopalprs.signatures.models import Signature
from stopalprs.signatures.services import relay_confirmations, sign_petition

pytestmark = pytest.mark.django_db


@pytest.fixture
def queued(campaign, alice, django_capture_on_commit_callbacks) -> Email:
    with django_capture_on_commit_callbacks(execute=True):
        sign_petition(campaign=campaign, state="CA", district="CA-11", **alice)
    relay_confirmations()  # what the relay task does in a worker
    return Email.objects.get()


def test_it_sends_through_a_real_smtp_server_with_the_right_headers(queued, smtp_server, tasks):
    tasks()
    [message] = smtp_server.messages
    assert message["To"] == "alice@example.org"
    assert message["Auto-Submitted"] == "auto-generated"
    queued.refresh_from_db()
    assert message["Message-ID"] == queued.message_id
    assert queued.message_id.endswith("@testserver>")
    assert message.get_body(("plain",)).get_content().startswith("Hi Alice,")
    html = message.get_body(("html",)).get_content()
    assert "Confirm my signature" in html
    assert queued.status == Email.Status.SENT and queued.sent_at is not None


def test_running_the_task_twice_sends_once(queued, smtp_server):
    assert services.deliver(email_id=queued.pk) == "sent"
    assert services.deliver(email_id=queued.pk) == "skipped"
    assert len(smtp_server.messages) == 1


def test_a_leased_email_is_not_sent_by_a_second_worker(queued, smtp_server):
    Email.objects.filter(pk=queued.pk).update(lease_until=timezone.now() + timedelta(minutes=1))
    assert services.deliver(email_id=queued.pk) == "skipped"
    assert smtp_server.messages == []


def test_it_waits_out_an_smtp_outage_and_delivers_once_it_is_back(queued, settings, tasks):
    # No server listens on this port yet: the connection is refused, as in an outage.
    port = free_port()
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 2},
        }
    }
    tasks()
    queued.refresh_from_db()
    assert queued.status == Email.Status.QUEUED
    assert queued.attempts == 1
    assert queued.last_error.startswith("ConnectionRefusedError")
    assert "alice" not in queued.last_error
    retry_at = queued.next_attempt_at
    assert retry_at > timezone.now()
    assert DBTaskResult.objects.filter(run_after=retry_at).exists()

    from aiosmtpd.controller import Controller

    from conftest import SmtpSink

    sink = SmtpSink(port=port)
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        tasks()  # the retry is not due yet
        assert sink.messages == []
        with time_machine.travel(retry_at + timedelta(seconds=1)):
            tasks()
    finally:
        controller.stop()
    assert len(sink.messages) == 1
    queued.refresh_from_db()
    assert queued.status == Email.Status.SENT and queued.attempts == 2


def test_backoff_grows_and_is_capped():
    assert services.backoff(1) == timedelta(seconds=15)
    assert services.backoff(2) == timedelta(seconds=30)
    assert services.backoff(30) == services.MAX_BACKOFF


def test_it_gives_up_on_a_permanent_refusal(queued, smtp_server, monkeypatch):
    async def refuse(server, session, envelope):
        return "550 5.1.1 mailbox unavailable"

    monkeypatch.setattr(smtp_server, "handle_DATA", refuse)
    assert services.deliver(email_id=queued.pk) == "failed"
    queued.refresh_from_db()
    assert queued.status == Email.Status.FAILED
    assert queued.last_error == "SMTPDataError 550"


def test_it_requeues_emails_whose_task_was_lost(queued, smtp_server, tasks):
    DBTaskResult.objects.all().delete()  # the worker died, or the enqueue never happened
    assert services.requeue_stalled() == 0  # too recent to call stalled
    with time_machine.travel(timezone.now() + timedelta(minutes=6)):
        assert services.requeue_stalled() == 1
        tasks()
    assert len(smtp_server.messages) == 1


def test_it_drops_a_confirmation_request_for_an_already_confirmed_signature(queued, smtp_server):
    queued.signature.status = "confirmed"
    queued.signature.save(update_fields=["status"])
    assert services.deliver(email_id=queued.pk) == "dropped"
    assert smtp_server.messages == []


def test_erasing_a_signature_erases_its_queued_mail(queued):
    queued.signature.delete()
    assert not Email.objects.exists()


def test_one_connection_carries_many_emails_and_a_dropped_one_is_reopened(
    campaign, smtp_server, tasks, django_capture_on_commit_callbacks
):
    for n in range(3):
        with django_capture_on_commit_callbacks(execute=True):
            sign_petition(
                campaign=campaign,
                first_name="A",
                last_name="B",
                zip_code="94110",
                email=f"p{n}@example.org",
                state="CA",
            )
    tasks()
    assert len(smtp_server.messages) == 3
    assert len(set(smtp_server.peers)) == 1  # one SMTP session for all three

    # The server drops the connection (a restart, an idle timeout): the next email goes out
    # on a new one without waiting for a retry.
    services._mailer.backend.connection.sock.shutdown(socket.SHUT_RDWR)
    with django_capture_on_commit_callbacks(execute=True):
        sign_petition(
            campaign=campaign,
            first_name="A",
            last_name="B",
            zip_code="94110",
            email="late@example.org",
            state="CA",
        )
    tasks()
    assert len(smtp_server.messages) == 4
    assert Email.objects.filter(status=Email.Status.SENT).count() == 4
    assert len(set(smtp_server.peers)) == 2


def sign_many(campaign, count, capture, prefix="many"):
    """Signatures whose emails each have a task of their own (as updates and notices do)."""
    for n in range(count):
        with capture(execute=True):
            outcome = sign_petition(
                campaign=campaign,
                first_name="A",
                last_name="B",
                zip_code="94110",
                email=f"{prefix}{n}@example.org",
                state="CA",
            )
        services.queue_email(kind="signature_confirm", signature_id=outcome.signature_id)
    Signature.objects.update(confirmation_due=False)
    return list(Email.objects.order_by("pk").values_list("pk", flat=True))


def test_the_relay_queues_a_burst_with_one_task_that_sends_them_all(
    campaign, smtp_server, django_capture_on_commit_callbacks, tasks
):
    for n in range(60):
        sign_petition(
            campaign=campaign,
            first_name="A",
            last_name="B",
            zip_code="94110",
            email=f"burst{n}@example.org",
            state="CA",
        )
    assert relay_confirmations() == 60
    # Two batches (50 + 10), each with one delivery task for the lot.
    deliveries = DBTaskResult.objects.filter(task_path=deliver_email.module_path)
    assert deliveries.count() == 2 and Email.objects.count() == 60
    assert relay_confirmations() == 0  # nothing twice
    tasks()
    assert sorted(m["To"] for m in smtp_server.messages) == sorted(
        f"burst{n}@example.org" for n in range(60)
    )
    assert not Email.objects.exclude(status=Email.Status.SENT).exists()


def test_one_task_sends_the_due_backlog_and_retires_the_other_tasks(
    campaign, smtp_server, django_capture_on_commit_callbacks
):
    ids = sign_many(campaign, 5, django_capture_on_commit_callbacks)
    paced = services.queue_email(
        kind="signature_confirm",
        signature_id=Email.objects.get(pk=ids[0]).signature_id,
        run_after=timezone.now() + timedelta(minutes=5),
    )
    deliveries = DBTaskResult.objects.filter(task_path=deliver_email.module_path)
    assert deliveries.filter(status="READY").count() == 6
    assert services.deliver(email_id=ids[2]) == "sent"
    assert len(smtp_server.messages) == 5 and len(set(smtp_server.peers)) == 1
    assert Email.objects.filter(pk__in=ids, status=Email.Status.SENT).count() == 5
    assert set(Email.objects.filter(pk__in=ids).values_list("attempts", flat=True)) == {1}
    # The other four tasks were retired unrun; the paced email waits for its own time.
    ready = deliveries.filter(status="READY")
    # (This test called deliver() itself, so the task for ids[2] was never claimed.)
    assert sorted(r.args_kwargs["args"][0] for r in ready) == [ids[2], paced.pk]
    assert DBTaskResult.objects.filter(return_value="sent by another delivery task").count() == 4
    assert Email.objects.get(pk=paced.pk).status == Email.Status.QUEUED
    assert services.deliver(email_id=ids[0]) == "skipped"  # a task already started: harmless


def test_a_batch_stops_at_a_mail_outage_and_hands_the_rest_back(
    campaign, settings, django_capture_on_commit_callbacks, tasks
):
    ids = sign_many(campaign, 4, django_capture_on_commit_callbacks)
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": free_port(), "timeout": 2},
        }
    }
    # A task whose own email fails starts no batch: one connection attempt, not two.
    assert services.deliver(email_id=ids[0]) == "retry"
    assert [e.attempts for e in Email.objects.filter(pk__in=ids).order_by("pk")] == [1, 0, 0, 0]
    # A batch (started by a task whose email went out just before the outage) stops at its
    # first failure.
    assert services.deliver_due() == 1
    emails = Email.objects.in_bulk(ids)
    assert [emails[i].attempts for i in ids] == [1, 1, 0, 0]
    assert all(e.status == Email.Status.QUEUED and e.lease_until is None for e in emails.values())
    # The emails not tried were handed back with tasks of their own, due when the failed
    # one is retried; their earlier tasks were retired when the batch took them.
    retry_at = emails[ids[1]].next_attempt_at
    for pk in ids[2:]:
        ready = DBTaskResult.objects.filter(status="READY", args_kwargs__args__0=pk)
        assert [r.run_after for r in ready] == [retry_at], pk


def test_a_long_backlog_is_handed_on_to_a_new_task(campaign, smtp_server, monkeypatch, tasks):
    for n in range(60):
        sign_petition(
            campaign=campaign,
            first_name="A",
            last_name="B",
            zip_code="94110",
            email=f"long{n}@example.org",
            state="CA",
        )
    relay_confirmations()
    DBTaskResult.objects.all().delete()
    monkeypatch.setattr(services, "BACKLOG_SECONDS", 0)
    first = Email.objects.order_by("pk")[0]
    assert services.deliver(email_id=first.pk) == "sent"
    # Its own email and one batch, then the rest went to a new task instead of this one.
    assert len(smtp_server.messages) == 1 + services.BATCH
    [handed_on] = DBTaskResult.objects.filter(status="READY")
    assert Email.objects.get(pk=handed_on.args_kwargs["args"][0]).status == Email.Status.QUEUED
    tasks()
    assert len(smtp_server.messages) == 60 and len({m["To"] for m in smtp_server.messages}) == 60


def test_a_batch_leases_its_emails_at_once_and_skips_those_held_elsewhere(
    campaign, django_capture_on_commit_callbacks
):
    from stopalprs.lib import leases

    ids = sign_many(campaign, 4, django_capture_on_commit_callbacks)
    held = timezone.now() + timedelta(minutes=1)
    Email.objects.filter(pk=ids[1]).update(lease_until=held)  # another worker's
    Email.objects.filter(pk=ids[3]).update(status=Email.Status.SENT)  # not queued any more
    queued = Email.objects.filter(status=Email.Status.QUEUED)
    mine = leases.take_many(queued, pks=[ids[2], ids[0], ids[1], ids[3]], lease=timedelta(1))
    assert mine == [ids[2], ids[0]]  # in the order asked
    emails = Email.objects.in_bulk(ids)
    assert [emails[i].attempts for i in ids] == [1, 0, 1, 0]
    assert emails[ids[1]].lease_until == held
    assert leases.take_many(queued, pks=ids, lease=timedelta(1)) == []  # all taken now


def test_a_batch_costs_one_statement_more_per_email(
    campaign, smtp_server, django_capture_on_commit_callbacks
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def statements(n: int) -> int:
        sign_many(campaign, n, django_capture_on_commit_callbacks, prefix=f"batch{n}-")
        with CaptureQueriesContext(connection) as captured:
            assert services.deliver_due() == n
        return len(captured)

    # Looking up each signature and leasing each email one by one were most of a worker's
    # database time; what is left per email is recording that it went out.
    assert statements(10) - statements(5) == 5
    assert len(smtp_server.messages) == 15


def test_an_email_erased_during_its_batch_is_not_sent(
    campaign, smtp_server, django_capture_on_commit_callbacks, monkeypatch
):
    from stopalprs.privacy.services import erase_data

    ids = sign_many(campaign, 3, django_capture_on_commit_callbacks)
    signatures = {e.pk: e.signature_id for e in Email.objects.filter(pk__in=ids)}
    by_id = Signature.objects.in_bulk(signatures.values())
    kept = sorted(by_id[signatures[pk]].email for pk in (ids[0], ids[2]))
    erased = by_id[signatures[ids[1]]].email_index
    assert erased
    finish = services._finish_tasks

    def erase_then_finish(*args, **kwargs):  # the signer erases their data mid-batch
        erase_data(email_index=erased)
        finish(*args, **kwargs)

    monkeypatch.setattr(services, "_finish_tasks", erase_then_finish)
    services.deliver_due()
    assert sorted(m["To"] for m in smtp_server.messages) == kept
    assert not Email.objects.filter(pk=ids[1]).exists()


@pytest.mark.parametrize("code", [451, 550])
def test_an_email_erased_while_its_send_fails_leaves_nothing_to_record(
    queued, smtp_server, monkeypatch, code
):
    """The signer erased their data while the mail server was refusing their email: the
    outcome, a retry or a failure, has no row left to go on, and that is not an error."""
    import smtplib

    from stopalprs.privacy.services import erase_data

    erased = queued.signature.email_index

    def erase_then_refuse(message):
        erase_data(email_index=erased)
        raise smtplib.SMTPDataError(code, b"refused")

    monkeypatch.setattr(services, "_send", erase_then_refuse)
    tasks = DBTaskResult.objects.filter(args_kwargs__args__0=queued.pk)
    before = tasks.count()
    assert services.deliver(email_id=queued.pk) == ("retry" if code == 451 else "failed")
    assert not Email.objects.filter(pk=queued.pk).exists() and smtp_server.messages == []
    assert tasks.count() == before  # no retry queued for an email that no longer exists
