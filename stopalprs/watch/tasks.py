from __future__ import annotations

from django.tasks import task

from stopalprs.watch import records


@task()
def send_records_reminders() -> int:
    return records.send_reminders()


@task()
def announce_renewals() -> int:
    from stopalprs.watch import alerts

    return alerts.announce_renewals()
