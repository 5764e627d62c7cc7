from __future__ import annotations

import re
from typing import Any

CONFIRM_LINK = re.compile(r"https?://[^\s\"<>]+/confirm/[^\s\"<>/]+/")


def confirm_link(text: str) -> str:
    match = CONFIRM_LINK.search(text)
    assert match, f"no confirmation link in {text!r}"
    return match.group(0)


def confirm_path(text: str) -> str:
    return "/" + confirm_link(text).split("/", 3)[3]


def sign(client: Any, campaign: Any, data: dict[str, Any], capture: Any) -> Any:
    """POST the sign form and run the on-commit callbacks (the task enqueue) as a commit would."""
    with capture(execute=True):
        return client.post(f"/c/{campaign.slug}/", data)
