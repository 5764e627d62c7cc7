from __future__ import annotations

from django.tasks import task

from stopalprs.updates import services


@task()
def fan_out_update(update_id: int) -> int:
    return services.fan_out(update_id=update_id)
