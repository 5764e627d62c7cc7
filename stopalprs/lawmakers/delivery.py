"""Delivery packets: for each target, a letter (PDF) and a breakdown (CSV) of its own
constituents, committed to by a Merkle root over their receipts.

Only counts by ZIP leave the building, plus the names and comments of signers who ticked
"share my name, ZIP code and comment with my lawmakers". Never an email address or a street
address, and never the comment of a signer who did not tick it.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from defusedcsv import csv
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from pymerkle import InclusionProof, InmemoryTree, verify_inclusion

from stopalprs.audit import services as audit
from stopalprs.campaigns.models import Campaign
from stopalprs.lawmakers.models import CustomTarget, Delivery, Legislator, ZipCode
from stopalprs.lawmakers.pdf import Letter, write_letter
from stopalprs.lawmakers.services import NO_SENATORS
from stopalprs.signatures.models import Signature

RECEIPT_LEN = 32


@dataclass
class Target:
    ref: str
    name: str
    office: str
    jurisdiction: str
    email: str = ""
    district: str = ""  # a House seat: its constituents are the signers in this district
    state: str = ""  # a senator: the signers in this state
    custom: CustomTarget | None = None  # a local target: its own ZIPs, city or state

    def covers(self, *, zip_code: str, state: str, district: str, city: str) -> bool:
        if self.custom is not None:
            return self.custom.covers(zip_code=zip_code, city=city, state=state)
        if self.district:
            return district == self.district
        return state == self.state


@dataclass
class Packet:
    target: Target
    receipts: list[str] = field(default_factory=list)
    by_zip: Counter[str] = field(default_factory=Counter)
    names: list[tuple[str, str]] = field(default_factory=list)
    # (name, ZIP, comment) of signers who shared their name and wrote a comment
    comments: list[tuple[str, str, str]] = field(default_factory=list)
    # signed on a paper sheet, by ZIP; the others confirmed online by email
    paper_by_zip: Counter[str] = field(default_factory=Counter)
    # Counted for their senators only: a split ZIP code and "I'm not sure", or military mail.
    no_district: int = 0


def targets_for(campaign: Campaign) -> list[Target]:
    targets: list[Target] = []
    if campaign.target_house:
        for m in Legislator.objects.filter(chamber=Legislator.Chamber.HOUSE):
            code = f"{m.state}-{m.district}"
            targets.append(
                Target(
                    ref=f"house:{m.source_id}",
                    name=f"Rep. {m.name}",
                    office="U.S. House of Representatives",
                    jurisdiction=code,
                    district=code,
                )
            )
    if campaign.target_senate:
        senators = Legislator.objects.filter(chamber=Legislator.Chamber.SENATE)
        for m in senators.exclude(state__in=NO_SENATORS):
            targets.append(
                Target(
                    ref=f"senate:{m.source_id}",
                    name=f"Sen. {m.name}",
                    office="U.S. Senate",
                    jurisdiction=m.state,
                    state=m.state,
                )
            )
    for t in campaign.custom_targets.all():
        targets.append(
            Target(
                ref=f"custom:{t.pk}",
                name=t.name,
                office=t.office,
                email=t.email,
                jurisdiction=t.city or t.state or "selected ZIP codes",
                custom=t,
            )
        )
    return targets


def merkle_root(receipts: list[str]) -> str:
    tree = InmemoryTree(algorithm="sha256")
    for receipt in receipts:
        tree.append_entry(receipt.encode())
    return tree.get_root().hex()


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60]


def _write_csv(path: Path, packet: Packet, cities: dict[str, str]) -> None:
    named: dict[str, list[str]] = defaultdict(list)
    for name, zip_code in packet.names:
        named[zip_code].append(name)
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)  # neutralizes =, +, -, @ at the start of a cell
        writer.writerow(
            [
                "zip_code",
                "city",
                "confirmed_signers",
                "signed_online",
                "signed_on_paper",
                "names_shared",
            ]
        )
        for zip_code, n in sorted(packet.by_zip.items()):
            paper = packet.paper_by_zip[zip_code]
            writer.writerow(
                [
                    zip_code,
                    cities.get(zip_code, ""),
                    n,
                    n - paper,
                    paper,
                    "; ".join(named[zip_code]),
                ]
            )


def build_packets(campaign: Campaign, cities: dict[str, str]) -> list[Packet]:
    """Group the campaign's confirmed signatures by target, in one pass."""
    targets = targets_for(campaign)
    packets = {t.ref: Packet(target=t) for t in targets}
    confirmed = Signature.objects.counted().filter(campaign=campaign)
    # Two queries: names and comments are decrypted only for the signers who agreed to share.
    rows = confirmed.values_list("zip_code", "state", "district", "source", "receipt")
    by_seat: dict[tuple[str, str, str], list[str]] = defaultdict(list)
    paper: Counter[tuple[str, str, str]] = Counter()
    for zip_code, state, district, source, receipt in rows.iterator(2000):
        by_seat[(zip_code, state, district)].append(receipt)
        paper[(zip_code, state, district)] += source == Signature.Source.PAPER
    named: dict[tuple[str, str, str], list[tuple[str, str]]] = defaultdict(list)
    for s in confirmed.filter(share_name=True).only(
        "zip_code", "state", "district", "first_name", "last_name", "comment"
    ):
        named[(s.zip_code, s.state, s.district)].append(
            (f"{s.first_name} {s.last_name}", s.comment.strip())
        )
    for seat, receipts in by_seat.items():
        zip_code, state, district = seat
        city = cities.get(zip_code, "")
        for t in targets:
            if t.covers(zip_code=zip_code, state=state, district=district, city=city):
                packet = packets[t.ref]
                packet.receipts.extend(receipts)
                packet.by_zip[zip_code] += len(receipts)
                packet.paper_by_zip[zip_code] += paper[seat]
                packet.no_district += len(receipts) if not district else 0
                for name, comment in named.get(seat, []):
                    packet.names.append((name, zip_code))
                    if comment:
                        packet.comments.append((name, zip_code, comment))
    return [p for p in packets.values() if p.receipts]


@transaction.atomic
def deliver(*, campaign: Campaign, out_dir: Path, actor: Any) -> list[Delivery]:
    """Write one PDF and one CSV per target with at least one confirmed signer, and log each."""
    folder = out_dir / campaign.slug / timezone.now().strftime("%Y%m%d-%H%M%S")
    folder.mkdir(parents=True, exist_ok=True)
    cities = dict(ZipCode.objects.values_list("zip", "city"))
    date = timezone.now().strftime("%B %-d, %Y")
    deliveries = []
    for packet in build_packets(campaign, cities):
        t = packet.target
        receipts = sorted(packet.receipts)  # sorted: the order says nothing about who signed when
        root = merkle_root(receipts)
        base = f"{_slug(t.jurisdiction)}-{_slug(t.name)}"
        names = sorted(packet.names, key=lambda n: (n[0].split()[-1].lower(), n[0].lower()))
        write_letter(
            folder / f"{base}.pdf",
            Letter(
                site_name=settings.SITE_NAME,
                site_url=settings.SITE_URL,
                date=date,
                campaign_title=campaign.title,
                ask=campaign.ask,
                target_name=t.name,
                target_office=t.office,
                jurisdiction=t.jurisdiction,
                count=len(receipts),
                paper=packet.paper_by_zip.total(),
                # Said only where it matters: a House member's packet never has any.
                no_district=packet.no_district if not t.district else 0,
                comments=sorted(packet.comments, key=lambda c: (c[1], c[0].lower())),
                by_zip=[(z, cities.get(z, ""), n) for z, n in sorted(packet.by_zip.items())],
                names=names,
                merkle_root=root,
            ),
        )
        _write_csv(folder / f"{base}.csv", packet, cities)
        deliveries.append(
            Delivery.objects.create(
                campaign=campaign,
                target_name=t.name,
                target_office=t.office,
                target_ref=t.ref,
                jurisdiction=t.jurisdiction,
                signature_count=len(receipts),
                named_count=len(names),
                merkle_root=root,
                receipts="".join(receipts).encode("ascii"),
                files=[
                    str((folder / f"{base}.{ext}").relative_to(out_dir)) for ext in ("pdf", "csv")
                ],
            )
        )
    audit.record(
        actor,
        "delivery.exported",
        object_type="delivery",
        ref=campaign.slug,
        count=sum(d.named_count for d in deliveries),
        detail=f"delivery packets for {len(deliveries)} targets (names shared by consent)",
    )
    return deliveries


@dataclass
class Proof:
    delivery: Delivery
    index: int  # 1-based, as in RFC 9162 tools
    size: int
    path: list[str]
    verified: bool


def prove_receipt(receipt: str) -> list[Proof]:
    """Every delivered packet that counts ``receipt``, each with its inclusion proof."""
    receipt = receipt.strip().lower()
    if not re.fullmatch(r"[0-9a-f]{32}", receipt):
        return []
    needle = receipt.encode("ascii")
    signature = Signature.objects.filter(receipt=receipt).only("campaign_id").first()
    deliveries = Delivery.objects.all()
    if signature is not None:
        deliveries = deliveries.filter(campaign_id=signature.campaign_id)
    proofs = []
    for delivery in deliveries.iterator():
        blob = bytes(delivery.receipts)
        offset = blob.find(needle)
        while offset != -1 and offset % RECEIPT_LEN:
            offset = blob.find(needle, offset + 1)
        if offset == -1:
            continue
        entries = [blob[i : i + RECEIPT_LEN] for i in range(0, len(blob), RECEIPT_LEN)]
        tree = InmemoryTree(algorithm="sha256")
        for entry in entries:
            tree.append_entry(entry)
        index, size = offset // RECEIPT_LEN + 1, len(entries)
        proof: InclusionProof = tree.prove_inclusion(index, size)
        try:
            verify_inclusion(tree.get_leaf(index), bytes.fromhex(delivery.merkle_root), proof)
            verified = True
        except Exception:  # pymerkle raises InvalidProof; any failure means "not proven"
            verified = False
        proofs.append(
            Proof(delivery, index, size, list(proof.serialize()["path"]), verified=verified)
        )
    return proofs
