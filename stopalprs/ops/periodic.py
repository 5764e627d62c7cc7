"""Work that must happen on a schedule, enqueued by ``manage.py beat``.

django.tasks has no scheduler of its own; ``beat`` enqueues each entry at its interval and the
ordinary workers run it. Every periodic task is idempotent, so a second beat (during a deploy,
say) costs a little work and never harm.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Periodic:
    task_path: str  # "module.path:task_name"
    every_seconds: int


SCHEDULE: list[Periodic] = [
    Periodic("stopalprs.emails.tasks:requeue_stalled_emails", 60),
    Periodic("stopalprs.webhooks.tasks:requeue_stalled_webhooks", 60),
    # A safety net: signing enqueues a relay itself (signatures/services.py, _ensure_relay).
    Periodic("stopalprs.signatures.tasks:relay_confirmations", 30),
    # Hourly rather than daily so a restart never postpones a deletion by a day.
    Periodic("stopalprs.privacy.tasks:enforce_retention", 3600),
    Periodic("stopalprs.organizing.tasks:send_organizer_digests", 24 * 3600),
    Periodic("stopalprs.integrity.tasks:find_trends", 3600),
    Periodic("stopalprs.campaigns.tasks:recount", 24 * 3600),
    Periodic("stopalprs.watch.tasks:send_records_reminders", 6 * 3600),
    Periodic("stopalprs.watch.tasks:announce_renewals", 6 * 3600),
    Periodic("stopalprs.fights.tasks:requeue_stalled_city_deliveries", 60),
    # Packets go out from PACKET_LEAD before a deadline; a pass every five minutes.
    Periodic("stopalprs.fights.tasks:send_comment_packets", 300),
    Periodic("stopalprs.fights.tasks:send_fight_alerts", 900),
]
