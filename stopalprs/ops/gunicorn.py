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
    """Builds only the atoms of runstack's ACCESS_LOG_FORMAT; any other atom logs as "-".

    gunicorn's own atoms include the client address and every request header and variable;
    building them was 7% of the CPU a signature costs, only for us to throw most away."""

    def atoms(self, resp: Any, req: Any, environ: Any, request_time: Any) -> dict[str, Any]:
        status = resp.status
        if isinstance(status, str):
            status = status.split(None, 1)[0]
        return {
            "t": self.now(),
            "m": environ.get("REQUEST_METHOD"),
            "U": redact_path(environ.get("PATH_INFO", "")),
            "s": status,
            "B": getattr(resp, "sent", None),
            "M": request_time.seconds * 1000 + request_time.microseconds // 1000,
        }
