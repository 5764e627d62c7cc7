from __future__ import annotations

import csv
import hashlib
import io
import re

import pytest
from django.core.management import call_command
from pypdf import PdfReader

from stopalprs.audit.models import AuditEntry
from stopalprs.lawmakers.delivery import merkle_root
from stopalprs.lawmakers.models import CustomTarget, Delivery
from stopalprs.signatures.models import Signature

pytestmark = pytest.mark.django_db


def sign(campaign, n, *, zip_code="94110", state="CA", district="CA-11", **extra) -> Signature:
    return Signature.objects.create(
        campaign=campaign,
        first_name=f"First{n}",
        last_name=f"Last{n}",
        email=f"s{n}@example.org",
        email_index=f"i{n}",
        zip_code=zip_code,
        state=state,
        district=district,
        status=extra.pop("status", "confirmed"),
        **extra,
    )


def pdf_text(path) -> str:
    return " ".join(page.extract_text() for page in PdfReader(path).pages)


def rfc9162_root(entries: list[bytes]) -> bytes:
    """An independent Merkle tree hash (RFC 9162 §2.1.1) to check the library's root."""
    if len(entries) == 1:
        return hashlib.sha256(b"\x00" + entries[0]).digest()
    k = 1
    while k * 2 < len(entries):
        k *= 2
    left, right = rfc9162_root(entries[:k]), rfc9162_root(entries[k:])
    return hashlib.sha256(b"\x01" + left + right).digest()


@pytest.fixture
def signed(campaign):
    sign(campaign, 1, share_name=True)
    sign(campaign, 2)
    sign(campaign, 3, zip_code="94103")
    sign(campaign, 4, status="pending", share_name=True)  # not confirmed: never delivered
    sign(campaign, 5, zip_code="10001", state="NY", district="NY-12")
    return campaign


def run(tmp_path, slug="stop-alprs") -> str:
    out = io.StringIO()
    call_command("deliver", slug, "--out", str(tmp_path), stdout=out)
    return out.getvalue()


def test_it_writes_one_pdf_and_one_csv_per_target_with_signers(signed, tmp_path):
    report = run(tmp_path)
    files = sorted(p.name for p in tmp_path.rglob("*.*"))
    # CA-11, two CA senators, NY-12, two NY senators
    assert len([f for f in files if f.endswith(".pdf")]) == 6
    assert len([f for f in files if f.endswith(".csv")]) == 6
    assert "6 packets" in report
    pelosi = next(tmp_path.rglob("ca-11-rep-nancy-pelosi.pdf"))
    text = pdf_text(pelosi)
    assert "Rep. Nancy Pelosi" in text
    assert "3 of your constituents in CA-11" in text
    padilla = pdf_text(next(tmp_path.rglob("ca-sen-alex-padilla.pdf")))
    assert "3 of your constituents in CA" in padilla


def test_only_consenting_names_are_delivered_and_nothing_else_personal(signed, tmp_path):
    run(tmp_path)
    text = pdf_text(next(tmp_path.rglob("ca-11-rep-nancy-pelosi.pdf")))
    assert "First1 Last1" in text
    assert "First2" not in text and "First4" not in text
    assert "@example.org" not in text
    with next(tmp_path.rglob("ca-11-rep-nancy-pelosi.csv")).open() as f:
        rows = list(csv.DictReader(f))
    assert rows == [
        {
            "zip_code": "94103",
            "city": "San Francisco",
            "confirmed_signers": "1",
            "signed_online": "1",
            "signed_on_paper": "0",
            "names_shared": "",
        },
        {
            "zip_code": "94110",
            "city": "San Francisco",
            "confirmed_signers": "2",
            "signed_online": "2",
            "signed_on_paper": "0",
            "names_shared": "First1 Last1",
        },
    ]


def test_csv_cells_cannot_become_formulas(campaign, tmp_path):
    sign(campaign, 1, share_name=True)
    Signature.objects.update(first_name='=HYPERLINK("http://evil")')
    run(tmp_path)
    body = next(tmp_path.rglob("ca-11-rep-nancy-pelosi.csv")).read_text()
    assert "'=HYPERLINK" in body


def test_each_delivery_is_logged_with_its_merkle_root(signed, tmp_path):
    run(tmp_path)
    delivery = Delivery.objects.get(target_ref="house:P000197")
    assert (delivery.signature_count, delivery.named_count) == (3, 1)
    receipts = sorted(
        Signature.objects.confirmed().filter(district="CA-11").values_list("receipt", flat=True)
    )
    assert bytes(delivery.receipts) == "".join(receipts).encode()
    assert delivery.merkle_root == rfc9162_root([r.encode() for r in receipts]).hex()
    assert delivery.merkle_root in pdf_text(next(tmp_path.rglob("ca-11-rep-nancy-pelosi.pdf")))
    # The audit entry counts names handed over: First1's, in the CA-11 packet and in each of
    # the two CA senators' packets.
    entry = AuditEntry.objects.get(object_type="delivery")
    assert entry.record_count == 3


def test_a_custom_target_gets_its_own_packet(signed, tmp_path):
    CustomTarget.objects.create(
        campaign=signed,
        name="New York City Council",
        office="City council",
        city="New York",
        state="NY",
    )
    run(tmp_path)
    assert "1 of your constituents in New York" in pdf_text(
        next(tmp_path.rglob("new-york-new-york-city-council.pdf"))
    )


def test_a_receipt_from_the_confirmation_email_verifies_and_a_forged_one_does_not(
    client, campaign, alice, outbox, tasks, tmp_path, django_capture_on_commit_callbacks
):
    from stopalprs.signatures.tests.helpers import confirm_path

    with django_capture_on_commit_callbacks(execute=True):
        client.post("/c/stop-alprs/", alice)
    tasks()
    body = outbox[0].body
    client.post(confirm_path(body))
    found = re.search(r"Your receipt: ([0-9a-f]{32})", body)
    link = re.search(r"http://testserver(/verify/\?receipt=[0-9a-f]{32})", body)
    assert found and link
    receipt, verify_link = found.group(1), link.group(1)
    before = client.get(verify_link).content.decode()
    assert "not in any delivered packet" in before
    run(tmp_path)
    html = client.get(verify_link).content.decode()
    assert "Counted in 3 delivered packets" in html
    assert "Rep. Nancy Pelosi" in html and "Proof checked." in html
    assert Delivery.objects.filter(target_ref="house:P000197").get().merkle_root in html
    forged = receipt[:-1] + ("0" if receipt[-1] != "0" else "1")
    assert (
        "not in any delivered packet" in client.get(f"/verify/?receipt={forged}").content.decode()
    )
    assert client.get("/verify/?receipt=<script>").status_code == 200


def test_merkle_roots_match_an_independent_implementation():
    for n in (1, 2, 3, 5, 8, 13):
        entries = [f"{i:032x}" for i in range(n)]
        assert merkle_root(entries) == rfc9162_root([e.encode() for e in entries]).hex()


def test_the_letter_and_csv_say_who_signed_online_and_who_on_paper(campaign, tmp_path):
    for n in (1, 2, 3):
        sign(campaign, n)
    for n in (4, 5, 6):
        sign(campaign, n, source=Signature.Source.PAPER)
    run(tmp_path)
    text = " ".join(pdf_text(next(tmp_path.rglob("ca-11-rep-nancy-pelosi.pdf"))).split())
    assert (
        "6 of your constituents in CA-11 signed this petition: 3 online, each confirmed by "
        "email, and 3 on a paper petition, in their own hand." in text
    )
    assert "confirmed their signature by email" not in text
    assert "Every signer received a private receipt" not in text
    with next(tmp_path.rglob("ca-11-rep-nancy-pelosi.csv")).open() as f:
        (row,) = list(csv.DictReader(f))
    assert (row["confirmed_signers"], row["signed_online"], row["signed_on_paper"]) == (
        "6",
        "3",
        "3",
    )


def test_comments_go_only_with_the_names_of_signers_who_shared_them(campaign, tmp_path):
    sign(campaign, 1, share_name=True, comment="Cameras outside my clinic.")
    sign(campaign, 2, comment="Keep this one private.")
    run(tmp_path)
    text = " ".join(pdf_text(next(tmp_path.rglob("ca-11-rep-nancy-pelosi.pdf"))).split())
    assert "In their own words (1)" in text
    assert "First1 Last1, 94110 Cameras outside my clinic." in text
    assert "Keep this one private" not in text


def test_senators_are_told_how_many_signers_gave_no_house_district(campaign, tmp_path):
    sign(campaign, 1)
    sign(campaign, 2, zip_code="90004", district="")  # a split ZIP, "I'm not sure"
    run(tmp_path)
    padilla = " ".join(pdf_text(next(tmp_path.rglob("ca-sen-alex-padilla.pdf"))).split())
    assert "2 of your constituents in CA" in padilla
    assert "1 signer did not give a congressional district" in padilla
    pelosi = " ".join(pdf_text(next(tmp_path.rglob("ca-11-rep-nancy-pelosi.pdf"))).split())
    assert "1 of your constituents in CA-11" in pelosi and "did not give" not in pelosi
