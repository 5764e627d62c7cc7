from __future__ import annotations

from django.tasks import task

from stopalprs.webhooks import services


@task()
def deliver_webhook(delivery_id: int) -> str:
    return services.deliver(delivery_id=delivery_id)


@task()
def requeue_stalled_webhooks() -> int:
    return services.requeue_stalled()
