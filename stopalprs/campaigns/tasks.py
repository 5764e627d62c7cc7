from __future__ import annotations

from django.tasks import task

from stopalprs.campaigns import services


@task()
def recount() -> dict[str, int]:
    return services.recount()
