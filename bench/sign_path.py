"""The sign path in process: Django's WSGI handler called directly, no server, no network.

What one campaign page GET and one sign POST cost in CPU, with production settings (DEBUG
off) on a throwaway SQLite database; with --profile, where the POST's time goes
(pyinstrument). The figures in docs/performance.md "Where a signature's time goes" come from
here. Nothing is asserted: it prints.

    .venv/bin/python bench/sign_path.py [--requests 2000] [--profile out.txt]
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--profile", type=Path, help="write the POST's profile to this file")
    args = parser.parse_args()

    sys.path.insert(0, str(ROOT))
    from bench.scratch import production_site, wsgi_environ

    application = production_site("stopalprs-bench-sign-")
    from bench.load import ZIPS

    statuses: dict[str, int] = {}

    def start_response(status: str, headers: Any, exc_info: Any = None) -> None:
        statuses[status[:3]] = statuses.get(status[:3], 0) + 1

    def call(method: str, n: int, body: bytes = b"") -> None:
        # 32 client addresses, as the load generator's 32 users (bench/load.py)
        environ = wsgi_environ(method, body, f"198.18.0.{n % 32 + 1}")
        response = application(environ, start_response)
        b"".join(response)
        if hasattr(response, "close"):  # a page from the edge cache is a plain list
            response.close()

    def sign(n: int) -> None:
        body = urlencode(
            {
                "first_name": f"Bench{n}",
                "last_name": "Signer",
                "zip_code": random.choice(ZIPS),
                "email": f"in-process-{n}@d{n % 500}.bench.example",
            }
        ).encode()
        call("POST", n, body)

    count = args.requests
    for n in range(200):  # warm up: templates, caches, connections
        call("GET", n)
        sign(n)
    timings = {}
    for name, run in (("page GET", lambda n: call("GET", n)), ("sign POST", sign)):
        started = time.perf_counter()
        for n in range(count):
            run(10**6 * len(timings) + 1000 + n)
        timings[name] = (time.perf_counter() - started) / count
    for name, seconds in timings.items():
        print(f"{name:<10} {seconds * 1e6:7.0f} µs a request ({count} requests, in process)")
    print(f"replies: {statuses}")
    if args.profile:
        from pyinstrument import Profiler

        profiler = Profiler(interval=0.0002)
        profiler.start()
        for n in range(count):
            sign(5 * 10**6 + n)
        profiler.stop()
        args.profile.write_text(profiler.output_text(unicode=True))
        print(f"profile of {count} sign POSTs written to {args.profile}")


if __name__ == "__main__":
    main()
