"""gunicorn's access log, minus anything that could identify or act for a person."""

from __future__ import annotations

from typing import Any

from gunicorn.glogging import Logger

from stopalprs.ops.redaction import RedactFilter, redact_tokens


def redact_path(path: str) -> str:
    """A path as the access log keeps it: the route, not the token (see ops/redaction.py)."""
    return redact_tokens(path)


class RedactingLogger(Logger):
    """Builds only the atoms of runstack's ACCESS_LOG_FORMAT; any other atom logs as "-".

    gunicorn's own atoms include the client address and every request header and variable;
    building them was 7% of the CPU a signature costs, only for us to throw most away."""

    def setup(self, cfg: Any) -> None:
        super().setup(cfg)
        # gunicorn's error log prints invalid request lines as sent, after the client's
        # address ("Invalid request from ip=…"): the same filter as Django's logs.
        for log in (self.error_log, self.access_log):
            for handler in log.handlers:
                handler.addFilter(RedactFilter())

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
