from __future__ import annotations

from django.tasks import task

from stopalprs.privacy import services


@task()
def enforce_retention() -> dict[str, int]:
    return services.enforce_retention()
