"""Benchmark: delivery packets for N confirmed signatures (default 100,000).

Target (issue 4): under a minute on the 2-core reference machine. Prints figures; asserts
nothing. Runs against a throwaway SQLite database (or DATABASE_URL if you set it).

    make bench-delivery            # or: uv run python bench/delivery.py --signatures 100000
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.scratch import scratch_django  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--signatures", type=int, default=100_000)
    parser.add_argument("--named", type=float, default=0.05, help="share of signers naming")
    parser.add_argument("--keep", action="store_true", help="keep the work folder")
    args = parser.parse_args()

    work = scratch_django("stopalprs-bench-")
    from django.contrib.auth.models import AnonymousUser

    from stopalprs.campaigns.services import load_default_campaign
    from stopalprs.lawmakers.delivery import deliver
    from stopalprs.lawmakers.importer import import_reference_data
    from stopalprs.lawmakers.models import ZipCode
    from stopalprs.signatures.models import Signature

    import_reference_data()
    campaign, _ = load_default_campaign()
    places = list(ZipCode.objects.exclude(districts="").values_list("zip", "state", "districts"))
    rng = random.Random(42)
    started = time.monotonic()
    batch = []
    for n in range(args.signatures):
        zip_code, state, districts = rng.choice(places)
        batch.append(
            Signature(
                campaign=campaign,
                first_name=f"First{n}",
                last_name=f"Last{n}",
                email=f"bench{n}@example.org",
                email_index=f"{n:064x}",
                zip_code=zip_code,
                state=state,
                district=rng.choice(districts.split(";")),
                status="confirmed",
                share_name=rng.random() < args.named,
            )
        )
        if len(batch) == 5000:
            Signature.objects.bulk_create(batch)
            batch = []
    Signature.objects.bulk_create(batch)
    print(f"setup: {args.signatures:,} confirmed signatures in {time.monotonic() - started:.1f} s")

    started = time.monotonic()
    deliveries = deliver(campaign=campaign, out_dir=work / "out", actor=AnonymousUser())
    elapsed = time.monotonic() - started
    counted = sum(d.signature_count for d in deliveries)
    size = sum(p.stat().st_size for p in (work / "out").rglob("*.*"))
    print(f"delivery: {len(deliveries)} packets, {counted:,} signatures counted")
    print(
        f"delivery: {elapsed:.1f} s ({args.signatures / elapsed:,.0f} signatures/s), "
        f"{size / 1e6:.1f} MB written"
    )
    print(f"target: under 60 s for 100,000 signatures -> {'MET' if elapsed < 60 else 'MISSED'}")
    if args.keep:
        print(f"(work folder kept: {work})")
    else:
        shutil.rmtree(work)


if __name__ == "__main__":
    main()
