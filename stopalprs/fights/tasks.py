from __future__ import annotations

from django.tasks import task

from stopalprs.fights import alerts, comments
from stopalprs.outbox import channels


@task(queue_name="email")
def deliver_to_city(delivery_id: int) -> str:
    return channels.deliver(comments.CITY, delivery_id)


@task()
def send_comment_packets() -> int:
    return comments.send_packets()


@task()
def send_fight_alerts() -> int:
    return alerts.send_due_alerts()


@task()
def requeue_stalled_city_deliveries() -> int:
    return channels.requeue_stalled(comments.CITY)
