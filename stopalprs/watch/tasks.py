from __future__ import annotations

from django.tasks import task

from stopalprs.watch import alerts, records


@task()
def send_records_reminders() -> int:
    return records.send_reminders()


@task()
def announce_renewals() -> int:
    return alerts.announce_renewals()
