"""Does the sign form's reply time tell whether an address had signed already?

New and duplicate sign POSTs, interleaved at random, through Django's WSGI handler in process
(production settings, a throwaway SQLite database, no server, no network), each timed from
request to last byte. Prints both medians and means, their gap, and Welch's z for the means:
|z| under about 2 means the gap cannot be told from noise at this sample size. Every
duplicate uses an address whose confirmation email has gone already, so it is the path that
writes a "you already signed" email. Nothing is asserted: it prints.

    .venv/bin/python bench/duplicate_timing.py [--pairs 500] [--rounds 3]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=500, help="new and duplicate POSTs a round")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()

    sys.path.insert(0, str(ROOT))
    from bench.scratch import production_site, wsgi_environ

    application = production_site("stopalprs-bench-dup-")
    from stopalprs.signatures.services import relay_confirmations

    statuses: dict[str, int] = {}

    def start_response(status: str, headers: Any, exc_info: Any = None) -> None:
        statuses[status[:3]] = statuses.get(status[:3], 0) + 1

    def sign(address: str, n: int) -> float:
        body = urlencode(
            {
                "first_name": "Timing",
                "last_name": "Signer",
                "zip_code": "78701",
                "email": address,
            }
        ).encode()
        environ = wsgi_environ("POST", body, f"198.18.{n // 250 % 250}.{n % 250 + 1}")
        started = time.perf_counter()
        response = application(environ, start_response)
        b"".join(response)
        if hasattr(response, "close"):
            response.close()
        return time.perf_counter() - started

    serial = iter(range(10**9))
    for _ in range(200):  # warm up: templates, caches, connections
        sign(f"warm-{next(serial)}@timing.example", next(serial))
    for round_ in range(1, args.rounds + 1):
        signed = [f"r{round_}-old-{i}@timing.example" for i in range(args.pairs)]
        for address in signed:
            sign(address, next(serial))
        relay_confirmations()  # their confirmation emails are queued: a duplicate is noticed
        fresh = [f"r{round_}-new-{i}@timing.example" for i in range(args.pairs)]
        plan = [("new", a) for a in fresh] + [("duplicate", a) for a in signed]
        random.shuffle(plan)
        times: dict[str, list[float]] = {"new": [], "duplicate": []}
        for kind, address in plan:
            times[kind].append(sign(address, next(serial)))
        relay_confirmations()
        new, dup = times["new"], times["duplicate"]
        gap = statistics.fmean(dup) - statistics.fmean(new)
        spread = (statistics.variance(new) / len(new) + statistics.variance(dup) / len(dup)) ** 0.5
        print(
            f"round {round_}: new median {statistics.median(new) * 1e6:6.0f} µs, "
            f"mean {statistics.fmean(new) * 1e6:6.0f}; duplicate median "
            f"{statistics.median(dup) * 1e6:6.0f} µs, mean {statistics.fmean(dup) * 1e6:6.0f}; "
            f"gap of medians {(statistics.median(dup) - statistics.median(new)) * 1e6:+5.0f} µs, "
            f"of means {gap * 1e6:+5.0f} µs, z = {gap / spread:+.1f} ({args.pairs} + {args.pairs})"
        )
    print(f"replies: {statuses}")


if __name__ == "__main__":
    main()
