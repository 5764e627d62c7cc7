from __future__ import annotations

from django.tasks import task

from stopalprs.integrity import services


@task()
def find_trends() -> int:
    return len(services.find_trends())
