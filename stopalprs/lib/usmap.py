"""US state outlines as SVG paths (public-domain Census boundaries, see data/README.md), for
maps drawn on the server: no tile server, no third-party script."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from typing import Any

from django.conf import settings

from stopalprs.lawmakers.states import FIPS, STATES


@dataclass(frozen=True)
class StateShape:
    code: str
    name: str
    path: str


@cache
def _shapes() -> dict[str, Any]:
    path = settings.REFERENCE_DATA_DIR / "maps" / "us_states_albers.json"
    return json.loads(path.read_text())


def state_shapes() -> tuple[str, list[StateShape]]:
    """The map's SVG viewBox and one outline per state (and DC)."""
    shapes = _shapes()
    return shapes["viewBox"], [
        StateShape(code, STATES.get(code, code), s["d"])
        for s in shapes["states"]
        if (code := FIPS.get(s["fips"]))
    ]
