"""US ZIP code parsing. Which ZIPs exist, and where, is reference data: see lawmakers.ZipCode."""

from __future__ import annotations

import re

ZIP_RE = re.compile(r"^\s*(\d{5})(?:-?\d{4})?\s*$")


def normalize(raw: str) -> str | None:
    """The five-digit ZIP in ``raw`` ("94110", "94110-1234", " 941101234 "), or None."""
    match = ZIP_RE.match(raw or "")
    return match.group(1) if match else None
