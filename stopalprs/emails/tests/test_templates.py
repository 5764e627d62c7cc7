"""What every email template says, whatever the message it is rendered for."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

EMAILS = Path(settings.BASE_DIR) / "templates" / "emails"


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("path", sorted(EMAILS.glob("*-*.*")), ids=lambda p: p.name)
def test_no_email_asks_for_a_reply_unless_a_reply_to_address_is_set(path, language):
    # From is a no-reply address: a reply reaches someone only through REPLY_TO_EMAIL.
    with translation.override(language):
        text = render_to_string(f"emails/{path.name}", {"reply_to": "", "expiry_days": 7}).lower()
    assert "reply" not in text and "responde" not in text
