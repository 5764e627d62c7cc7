"""The mail queue: queue an email inside a transaction, deliver it from a task.

Guarantees: an email queued by a committed transaction is sent at least once; a worker that
dies mid-send causes at most one resend (its lease expires, the sweeper re-enqueues); in normal
operation nothing is sent twice, because a sent row is never sent again.
"""

from __future__ import annotations

import contextlib
import logging
import smtplib
import threading
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.utils import make_msgid
from typing import Any
from urllib.parse import urlsplit

from anymail.exceptions import AnymailError, AnymailRecipientsRefused
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.core.mail import mailers as mail_handlers
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.utils import timezone, translation

from stopalprs.emails.models import Email
from stopalprs.emails.registry import BUILDERS, Message
from stopalprs.emails.wire import SiteEmail
from stopalprs.outbox import channels, taskqueue
from stopalprs.privacy.tokens import manage_url

logger = logging.getLogger(__name__)

LEASE = timedelta(minutes=2)
MAX_ATTEMPTS = 60
MAX_BACKOFF = timedelta(minutes=15)


def queue_email(
    *,
    kind: str,
    signature_id: int | None = None,
    organizer_id: int | None = None,
    recipient: str = "",
    context: dict[str, Any] | None = None,
    run_after: datetime | None = None,
) -> Email:
    """Record that an email must go out, and its delivery task, in the caller's transaction.

    The task backend stores tasks in this same database, so enqueuing inside the transaction
    is the transactional outbox: the task exists exactly when the email row does, and no
    worker can see it before the commit. (The house rule is "enqueue on commit"; this keeps
    its guarantee, saves a write transaction per email, and cannot lose the task in a crash
    between commit and enqueue. A backend outside the database would need on_commit again.)
    ``run_after`` holds the sending back, to pace bulk mail.
    """
    if kind not in BUILDERS:
        raise ValueError(f"unknown email kind {kind!r}")
    email = Email.objects.create(
        kind=kind,
        signature_id=signature_id,
        organizer_id=organizer_id,
        recipient=recipient,
        context=context or {},
        message_id=new_message_id(),
        next_attempt_at=run_after or timezone.now(),
    )
    EMAIL.enqueue(email.pk, run_after=run_after)
    return email


def queue_emails(*, kind: str, signature_ids: list[int]) -> list[Email]:
    """Queue one email of ``kind`` per signature, in the caller's transaction, with a single
    delivery task: delivering its email goes on to send the other due ones (deliver_due).
    If that task's send fails, the rest are sent with its retry or, if its worker dies, by
    the sweeper (requeue_stalled), like any email whose task is gone."""
    if kind not in BUILDERS:
        raise ValueError(f"unknown email kind {kind!r}")
    if not signature_ids:
        return []
    now = timezone.now()
    emails = Email.objects.bulk_create(
        [
            Email(
                kind=kind,
                signature_id=signature_id,
                message_id=new_message_id(),
                next_attempt_at=now,
            )
            for signature_id in signature_ids
        ]
    )
    EMAIL.enqueue(emails[0].pk)
    return emails


def new_message_id() -> str:
    return make_msgid(domain=urlsplit(settings.SITE_URL).hostname or "localhost")


def render_message(message: Message, *, message_id: str) -> SiteEmail:
    """Render the subject/text/HTML triple of ``message.template`` into a ready message."""
    reply_to = settings.REPLY_TO_EMAIL if message.invites_reply else ""
    with translation.override(message.language):
        context = {
            "site_name": settings.SITE_NAME,
            "site_url": settings.SITE_URL,
            "LANGUAGE_CODE": message.language,
            # Every email carries the way to see, withdraw or erase what we hold.
            "manage_url": manage_url(message.to),
            "reply_to": reply_to,
        }
        context.update(message.context)
        base = f"emails/{message.template}"
        subject = " ".join(render_to_string(f"{base}-subject.txt", context).split())
        text = render_to_string(f"{base}-body.txt", context)
        html = render_to_string(f"{base}-body.html", context)
    headers = {
        # RFC 3834: tells autoresponders not to answer, and filters that no human typed it.
        "Auto-Submitted": "auto-generated",
        "Message-ID": message_id,
        **message.headers,
    }
    mail = SiteEmail(
        subject, text, to=[message.to], headers=headers, reply_to=[reply_to] if reply_to else None
    )
    mail.attach_alternative(html, "text/html")
    return mail


def is_permanent(error: Exception) -> bool:
    """A 5xx reply about the recipient or sender will not change on retry; all else might."""
    if isinstance(error, AnymailRecipientsRefused):  # the email service refused every address
        return True
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _ in error.recipients.values())
    if isinstance(error, smtplib.SMTPResponseException):
        return error.smtp_code >= 500 and not isinstance(error, smtplib.SMTPServerDisconnected)
    return False


def deliver(*, email_id: int) -> str:
    """Send one queued email, then others that are due. Safe to call any number of times for
    the same id."""
    outcome = channels.deliver(EMAIL, email_id)
    if outcome not in ("retry", "skipped"):  # no batch while the mail server is failing
        _deliver_backlog()
    return outcome


# A delivery task goes on to send other due emails over the same connection. It leases them
# and marks their own waiting tasks done first, so other workers move on to later emails
# instead of picking up tasks for these. Claiming a task costs about as much as sending an
# email, so under a backlog this nearly halves the work per email. If the worker dies
# mid-batch, the leases run out and the sweeper (requeue_stalled) queues those emails again.
BATCH = 50
BATCH_SECONDS = 2.0


# How long one task goes on sending a backlog before it hands the rest to a new task, so the
# other work in the queue gets its turn.
BACKLOG_SECONDS = 10.0


def _deliver_backlog() -> None:
    """Send due emails, a batch at a time, while whole batches go out and time is left.

    Emails queued together with one task (queue_emails) rely on this to go out together."""
    started = time.monotonic()
    while (batch := _deliver_batch()).sent and batch.whole:
        if time.monotonic() - started > BACKLOG_SECONDS:
            if (next_id := EMAIL.due().values_list("pk", flat=True).first()) is not None:
                EMAIL.enqueue(next_id)
            return


def deliver_due(*, limit: int = BATCH) -> int:
    """Lease up to ``limit`` due emails and send them; how many it dealt with (sent, or
    dropped because no longer wanted or erased)."""
    return _deliver_batch(limit=limit).sent


@dataclass(frozen=True)
class _Batch:
    sent: int
    whole: bool  # every email it leased was tried (no time-out, no mail server trouble)


def _deliver_batch(*, limit: int = BATCH) -> _Batch:
    started, now = time.monotonic(), timezone.now()
    due = list(EMAIL.due().values_list("pk", flat=True)[:limit])
    mine = channels.claim_many(EMAIL, due)
    if not mine:
        return _Batch(0, whole=True)
    _finish_tasks(mine, enqueued_before=now)
    # With their signatures (and campaigns) in the same query: one look-up per email was a
    # fifth of a worker's time. A signature erased meanwhile takes its emails with it.
    emails = Email.objects.select_related("signature__campaign").in_bulk(mine)
    for n, pk in enumerate(mine):
        if time.monotonic() - started > BATCH_SECONDS:  # out of time: the rest go back
            channels.release(EMAIL, mine[n:])
            return _Batch(n, whole=False)
        if pk not in emails:  # erased with its signature since the lease
            continue
        if channels.deliver_claimed(EMAIL, emails[pk]) == "retry":
            # The mail server is in trouble: the rest wait for it like any queued email.
            channels.release(EMAIL, mine[n + 1 :], run_after=emails[pk].next_attempt_at)
            return _Batch(n + 1, whole=False)
    return _Batch(len(mine), whole=True)


def _finish_tasks(email_ids: list[int], *, enqueued_before: datetime) -> None:
    """Mark done the waiting delivery tasks of emails just handled by another task. Only
    tasks enqueued before this batch began: a retry it scheduled must stay."""
    taskqueue.finish_waiting(
        EMAIL.task,
        first_args=email_ids,
        enqueued_before=enqueued_before,
        why="sent by another delivery task",
    )


def send_email(email: Email) -> channels.Outcome:
    """The mail channel's send function: build the message, and hand it to the mail server."""
    message = BUILDERS[email.kind](email)
    if message is None:  # the builder decided it is no longer wanted (e.g. already confirmed)
        return channels.Dropped()
    return send_message(message, message_id=email.message_id)


def send_message(message: Message, *, message_id: str, **sent: Any) -> channels.Outcome:
    """Render ``message`` and hand it to the mail server over the thread's connection: the
    send function of any channel whose rows go out as email (``sent``: more to record)."""
    mail = render_message(message, message_id=message_id)
    try:
        _send(mail)
    except (smtplib.SMTPException, OSError, AnymailError) as error:
        code = getattr(error, "smtp_code", "")
        return channels.Failed(f"{type(error).__name__} {code}".strip(), is_permanent(error))
    return channels.Sent({"sent_at": timezone.now(), **sent})


EMAIL = channels.Channel(
    name="email",
    model=Email,
    task_path="stopalprs.emails.tasks.deliver_email",
    send=send_email,
    lease=LEASE,
    max_attempts=MAX_ATTEMPTS,
    first_backoff=timedelta(seconds=15),
    max_backoff=MAX_BACKOFF,
    queued=Email.Status.QUEUED,
    sent=Email.Status.SENT,
    failed=Email.Status.FAILED,
    dropped=Email.Status.SENT,
    # Kept only while the email may still be sent.
    forget_when_done={"recipient": ""},
)


# One open connection to the mail server per worker thread, reused from email to email: a new
# SMTP (or TLS, or HTTP API) session per message is most of what sending costs.
_mailer = threading.local()
IDLE_SECONDS = 30


def _backend() -> Any:
    """The thread's open mail backend, opened anew if the settings changed or it sat idle
    long enough for the server to have dropped it."""
    config = repr(settings.MAILERS)
    now = time.monotonic()
    backend = getattr(_mailer, "backend", None)
    if backend is not None and (_mailer.config != config or now - _mailer.used > IDLE_SECONDS):
        close_connection()
        backend = None
    if backend is None:
        backend = mail_handlers["default"]
        backend.open()
        _mailer.backend, _mailer.config = backend, config
    _mailer.used = now
    return backend


def close_connection() -> None:
    backend = getattr(_mailer, "backend", None)
    _mailer.backend = None
    if backend is not None:
        with contextlib.suppress(smtplib.SMTPException, OSError):  # it was gone already
            backend.close()


def _send(message: EmailMultiAlternatives) -> None:
    reused = getattr(_mailer, "backend", None) is not None
    try:
        _backend().send_messages([message])
    except (smtplib.SMTPServerDisconnected, ConnectionError):
        close_connection()
        if not reused:
            raise
        # The server closed a connection we kept open: one more try on a fresh one.
        _backend().send_messages([message])
    except (smtplib.SMTPException, OSError, AnymailError):
        close_connection()  # a session in an unknown state is not reused
        raise


def requeue_stalled(*, older_than: timedelta = timedelta(minutes=5)) -> int:
    """Enqueue again every queued email whose delivery task went missing."""
    return channels.requeue_stalled(EMAIL, older_than=older_than)


def backoff(attempts: int) -> timedelta:
    return EMAIL.backoff(attempts)


def old_mail() -> QuerySet[Email]:
    """The records of mail sent or given up on, past EMAIL_RECORD_RETENTION_DAYS."""
    cutoff = timezone.now() - timedelta(days=settings.EMAIL_RECORD_RETENTION_DAYS)
    return Email.objects.filter(
        status__in=[Email.Status.SENT, Email.Status.FAILED], created_at__lt=cutoff
    )
