from __future__ import annotations

from django.tasks import task

from stopalprs.organizing import services


@task()
def notify_staff_of_organizer(organizer_id: int) -> int:
    return services.notify_staff(organizer_id=organizer_id)


@task()
def send_organizer_digests() -> int:
    return services.send_digests()
