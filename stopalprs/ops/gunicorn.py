"""gunicorn's access log, minus anything that could identify or act for a person."""

from __future__ import annotations

import re
from typing import Any

from gunicorn.glogging import Logger

# Paths whose last segment is a capability: whoever reads it can confirm a signature or
# manage someone's data. Logs keep the route, not the token.
TOKEN_PATHS = re.compile(r"^/(confirm|privacy/manage)/[^/]+/")


def redact_path(path: str) -> str:
    return TOKEN_PATHS.sub(lambda m: f"/{m.group(1)}/…/", path)


class RedactingLogger(Logger):
    def atoms(self, resp: Any, req: Any, environ: Any, request_time: Any) -> dict[str, Any]:
        atoms = super().atoms(resp, req, environ, request_time)
        atoms["U"] = redact_path(atoms.get("U", ""))
        for key in ("h", "{x-forwarded-for}i", "{remote_addr}e"):
            atoms.pop(key, None)
        return atoms
