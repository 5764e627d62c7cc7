"""The delivery letter as a PDF (ReportLab), laid out line by line so 100,000 signers stay fast."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from reportlab.lib.pagesizes import LETTER
from reportlab.lib.units import inch
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen.canvas import Canvas

MARGIN = 0.9 * inch
WIDTH, HEIGHT = LETTER
TEXT_WIDTH = WIDTH - 2 * MARGIN


@dataclass
class Letter:
    site_name: str
    site_url: str
    date: str
    campaign_title: str
    ask: str
    target_name: str
    target_office: str
    jurisdiction: str
    count: int
    paper: int  # of ``count``, signed on paper; the others confirmed online by email
    no_district: int  # of ``count``, counted for this target without a House district
    comments: list[tuple[str, str, str]]  # (name, zip, comment) of signers who shared them
    by_zip: list[tuple[str, str, int]]  # (zip, city, signers)
    names: list[tuple[str, str]]  # (name, zip) of signers who agreed to share them
    merkle_root: str


class _Writer:
    def __init__(self, path: Path, title: str) -> None:
        self.canvas = Canvas(str(path), pagesize=LETTER, pageCompression=1)
        self.canvas.setTitle(title)
        self.y = HEIGHT - MARGIN

    def need(self, height: float) -> None:
        if self.y - height < MARGIN:
            self.canvas.showPage()
            self.y = HEIGHT - MARGIN

    def text(self, text: str, *, size: float = 11, bold: bool = False, gap: float = 4) -> None:
        font = "Helvetica-Bold" if bold else "Helvetica"
        leading = size * 1.35
        for line in simpleSplit(text, font, size, TEXT_WIDTH) or [""]:
            self.need(leading)
            self.canvas.setFont(font, size)
            self.canvas.drawString(MARGIN, self.y - size, line)
            self.y -= leading
        self.y -= gap

    def columns(self, rows: list[tuple[str, ...]], widths: list[float], size: float = 9.5) -> None:
        leading = size * 1.3
        for row in rows:
            self.need(leading)
            self.canvas.setFont("Helvetica", size)
            x = MARGIN
            for cell, width in zip(row, widths, strict=True):
                self.canvas.drawString(x, self.y - size, cell[:60])
                x += width
            self.y -= leading

    def save(self) -> None:
        self.canvas.save()


def _people(n: int) -> str:
    return f"{n:,} signer" if n == 1 else f"{n:,} signers"


def how_they_signed(count: int, paper: int) -> str:
    """ "5 online, each confirmed by email, and 1 on paper": the letter's and CSV's wording."""
    online = count - paper
    parts = []
    if online:
        parts.append(f"{online:,} online, each confirmed by email")
    if paper:
        parts.append(f"{paper:,} on a paper petition, in their own hand")
    return ", and ".join(parts)


def write_letter(path: Path, letter: Letter) -> None:
    w = _Writer(path, f"{letter.campaign_title} — {letter.target_name}")
    w.text(letter.date, size=10)
    w.text(f"To: {letter.target_name}, {letter.target_office}", bold=True)
    w.text(f"Re: {letter.campaign_title}", bold=True, gap=10)
    w.text(
        f"{letter.count:,} of your constituents in {letter.jurisdiction} signed this petition: "
        f"{how_they_signed(letter.count, letter.paper)}. They ask you:"
    )
    w.text(letter.ask, bold=True, gap=10)
    if letter.no_district:
        w.text(
            f"{_people(letter.no_district)} did not give a congressional district (their ZIP "
            f"code lies in more than one, or they vote by military mail): they are counted for "
            f"their senators and for no single House member."
        )
    w.text(
        "We deliver only what each signer agreed to share. Everyone is counted by ZIP code "
        "below; names and comments appear only for those who asked us to pass them on. No "
        "email address or street address is included."
    )
    w.text("Signers by ZIP code", size=13, bold=True)
    w.columns([("ZIP", "City", "Signers")], [0.8 * inch, 3.2 * inch, 1 * inch])
    w.columns([(z, city, f"{n:,}") for z, city, n in letter.by_zip], [0.8 * inch, 3.2 * inch, inch])
    w.y -= 8
    if letter.names:
        w.text(f"Signers who shared their name ({len(letter.names):,})", size=13, bold=True)
        w.columns([(name, z) for name, z in letter.names], [4 * inch, inch])
        w.y -= 8
    if letter.comments:
        w.text(f"In their own words ({len(letter.comments):,})", size=13, bold=True)
        for name, z, comment in letter.comments:
            w.text(f"{name}, {z}", size=9.5, bold=True, gap=1)
            w.text(comment, size=9.5, gap=6)
        w.y -= 4
    w.text("How to check these numbers", size=13, bold=True)
    w.text(
        "Every signature has a private receipt: online signers get theirs by email, and we "
        "keep those of paper signers. This packet commits to all of them with a SHA-256 "
        "Merkle tree (RFC 9162). Its root is:"
    )
    w.text(letter.merkle_root, size=9.5, bold=True)
    w.text(
        f"Any signer can confirm they are counted in this packet at {letter.site_url}/verify/ "
        f"— and anyone can check the proof shown there against the root above."
    )
    w.text(f"Delivered by {letter.site_name}, {letter.site_url}", size=9)
    w.save()
