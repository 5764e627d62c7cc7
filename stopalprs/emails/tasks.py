from __future__ import annotations

from django.tasks import task

from stopalprs.emails import services


@task(queue_name="email")
def deliver_email(email_id: int) -> str:
    return services.deliver(email_id=email_id)


@task()
def requeue_stalled_emails() -> int:
    return services.requeue_stalled()
