from __future__ import annotations

import re
from typing import Any

from stopalprs.organizing.models import Organizer

CONFIRM = re.compile(r"http://testserver(/organize/confirm/[^\s/]+/)")


def join(client: Any, data: dict[str, Any], capture: Any) -> Any:
    with capture(execute=True):
        return client.post("/organize/", data)


def confirmed_organizer(n: int, **fields: Any) -> Organizer:
    from django.utils import timezone

    defaults: dict[str, Any] = {
        "name": f"Person {n}",
        "email": f"p{n}@example.org",
        "email_index": f"idx{n}",
        "city": "Springfield",
        "state": "IL",
        "zip_code": "62701",
        "role": "resident",
        "uses_alpr": "yes",
        "vendor": "flock",
        "stage": "unknown",
        "confirmed_at": timezone.now(),
    }
    return Organizer.objects.create(**{**defaults, **fields})
