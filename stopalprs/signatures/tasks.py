from __future__ import annotations

from django.tasks import task

from stopalprs.signatures import services


@task(queue_name="email")
def relay_confirmations() -> int:
    return services.relay_confirmations()
