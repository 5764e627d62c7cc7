"""Benchmark: export N signatures (default 1,000,000) as CSV with personal columns.

Target (issue 7): at least 50,000 rows/s, streamed, peak memory at most 200 MB. The export
runs as `manage.py export_signatures --personal` in its own process, so its peak resident
memory is measured alone. Prints figures; asserts nothing. Runs against a throwaway SQLite
database (or DATABASE_URL if you set it, e.g. a scratch PostgreSQL database).

    make bench-export              # or: uv run python bench/export.py --signatures 1000000
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.scratch import scratch_django  # noqa: E402

# Unique columns get fresh random values as rows are doubled.
SQLITE_FRESH = {
    "public_id": "lower(hex(randomblob(16)))",
    "email_index": "lower(hex(randomblob(32)))",
    "receipt": "lower(hex(randomblob(16)))",
}
POSTGRES_FRESH = {
    "public_id": "gen_random_uuid()",
    "email_index": "md5(random()::text) || md5(random()::text)",
    "receipt": "md5(random()::text)",
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--signatures", type=int, default=1_000_000)
    parser.add_argument("--keep", action="store_true", help="keep the work folder")
    args = parser.parse_args()

    work = scratch_django("stopalprs-bench-export-")
    from django.db import connection

    from stopalprs.campaigns.services import load_default_campaign
    from stopalprs.signatures.models import Signature

    campaign, _ = load_default_campaign()
    started = time.monotonic()
    # 1,024 rows through the ORM (each name, address and comment really encrypted), then
    # doubled in SQL until there are enough: every exported row is decrypted on its own.
    Signature.objects.bulk_create(
        Signature(
            campaign=campaign,
            first_name=f"First{n}",
            last_name=f"Last{n}",
            email=f"bench{n}@example.org",
            email_index=f"{n:064x}",
            zip_code="94110",
            state="CA",
            district="CA-11",
            status="confirmed",
            comment="Cameras on my street." if n % 10 == 0 else "",
        )
        for n in range(min(1024, args.signatures))
    )
    table = Signature._meta.db_table
    columns = [f.column for f in Signature._meta.concrete_fields if f.column != "id"]
    fresh = POSTGRES_FRESH if connection.vendor == "postgresql" else SQLITE_FRESH
    select = ", ".join(fresh.get(c, c) for c in columns)
    with connection.cursor() as cursor:
        while (have := Signature.objects.count()) < args.signatures:
            cursor.execute(
                f"INSERT INTO {table} ({', '.join(columns)}) "  # noqa: S608 - our own names
                f"SELECT {select} FROM {table} ORDER BY id LIMIT %s",
                [args.signatures - have],
            )
    total = Signature.objects.count()
    print(f"setup: {total:,} signatures in {time.monotonic() - started:.1f} s")
    connection.close()

    out = work / "export.csv"
    command = [
        sys.executable,
        str(ROOT / "manage.py"),
        "export_signatures",
        campaign.slug,
        "--personal",
        "--out",
        str(out),
    ]
    started = time.monotonic()
    subprocess.run(command, check=True, env=os.environ, stdout=subprocess.DEVNULL)  # noqa: S603
    elapsed = time.monotonic() - started
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    lines = sum(1 for _ in out.open(encoding="utf-8")) - 1
    rate = lines / elapsed
    print(f"export: {lines:,} rows, {out.stat().st_size / 1e6:.0f} MB of CSV in {elapsed:.1f} s")
    print(f"export: {rate:,.0f} rows/s, peak memory {peak_mb:.0f} MB (the export process)")
    print(
        f"target: >= 50,000 rows/s -> {'MET' if rate >= 50_000 else 'MISSED'}; "
        f"<= 200 MB -> {'MET' if peak_mb <= 200 else 'MISSED'}"
    )
    if args.keep:
        print(f"(work folder kept: {work})")
    else:
        shutil.rmtree(work)


if __name__ == "__main__":
    main()
