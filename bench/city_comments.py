"""Benchmark: public comments on a meeting, from submission to the city's inbox.

Submits N comments through the service the form calls, confirms them, then delivers them
to a local SMTP server (aiosmtpd, in this process) one email per comment and, on a second
meeting, as one packet. Prints figures; asserts nothing. A throwaway SQLite database, or
DATABASE_URL's.

    uv run python bench/city_comments.py --comments 500
"""

from __future__ import annotations

import argparse
import socket
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.scratch import scratch_django  # noqa: E402


class Sink:
    def __init__(self) -> None:
        self.count = 0

    async def handle_DATA(self, server: object, session: object, envelope: object) -> str:
        self.count += 1
        return "250 OK"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--comments", type=int, default=500)
    args = parser.parse_args()
    scratch_django("bench-comments-")
    from aiosmtpd.controller import Controller
    from django.conf import settings
    from django.utils import timezone

    from stopalprs.fights import comments
    from stopalprs.fights.models import CityDelivery, Comment, Fight, Meeting
    from stopalprs.outbox import channels
    from stopalprs.watch.importer import jurisdiction_for

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    sink = Sink()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 5},
        }
    }
    now = timezone.now()
    results = {}
    for mode in (Fight.Delivery.EACH, Fight.Delivery.PACKET):
        place = jurisdiction_for(f"Bench {mode}", "OR")
        fight = Fight.objects.create(jurisdiction=place, slug=place.slug, delivery=mode)
        meeting = Meeting.objects.create(
            fight=fight,
            body="Council",
            starts_at=now + timedelta(days=2),
            comment_email="clerk@example.org",
            comment_deadline=now + timedelta(days=1),
        )
        started = time.perf_counter()
        for n in range(args.comments):
            comments.submit_comment(
                meeting=meeting,
                email=f"c{mode}{n}@example.org",
                name=f"Commenter {n}",
                body="I ask you to vote no on the renewal. " * 8,
                position="oppose",
            )
        submitted = time.perf_counter()
        for comment in Comment.objects.filter(meeting=meeting):
            comments.confirm_comment(comment)
        confirmed = time.perf_counter()
        if mode == Fight.Delivery.PACKET:
            comments.send_packets(now=meeting.comment_deadline - timedelta(minutes=30))
        before = sink.count
        for pk in CityDelivery.objects.filter(meeting=meeting).values_list("pk", flat=True):
            channels.deliver(comments.CITY, pk)
        delivered = time.perf_counter()
        results[mode] = (
            args.comments / (submitted - started),
            args.comments / (confirmed - submitted),
            sink.count - before,
            delivered - confirmed,
        )
    controller.stop()
    print(f"comments: {args.comments} per meeting, {settings.DATABASES['default']['ENGINE']}")
    for mode, (submit, confirm, emails, seconds) in results.items():
        print(
            f"{mode:>6}: submit {submit:,.0f}/s, confirm {confirm:,.0f}/s, "
            f"{emails} email(s) to the city in {seconds:.2f} s"
            + (f" ({args.comments / seconds:,.0f} comments/s)" if seconds else "")
        )


if __name__ == "__main__":
    main()
