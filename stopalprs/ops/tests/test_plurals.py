"""Every phrase where a number meets a noun agrees with it, with 0, 1 and 2, in both languages."""

from __future__ import annotations

import re
from types import SimpleNamespace
from uuid import uuid4

import pytest
from django.template.loader import render_to_string
from django.utils import translation

pytestmark = pytest.mark.django_db


def render(template: str, language: str, **context: object) -> str:
    with translation.override(language):
        return re.sub(r"\s+", " ", render_to_string(template, context))


HELD = ("confirmed", "set_aside", "pending", "anonymized", "organizers", "with_address_hash")

# (template, context for n, {language: [phrase for 0, for 1, for 2]})
CASES = [
    (
        "privacy/transparency.html",
        lambda n: {"held": dict.fromkeys(HELD, n)},
        {
            "en": [
                "0 people in the organizer network",
                "1 person in the organizer network",
                "2 people in the organizer network",
            ],
            "es": ["0 personas en la red", "1 persona en la red", "2 personas en la red"],
        },
    ),
    (
        "privacy/transparency.html",
        lambda n: {"held": dict.fromkeys(HELD, n)},
        {
            "en": ["0 signatures waiting", "1 signature waiting", "2 signatures waiting"],
            "es": ["0 firmas esperando", "1 firma esperando", "2 firmas esperando"],
        },
    ),
    (
        "privacy/privacy.html",
        lambda n: {
            "periods": dict.fromkeys(
                (
                    "closed",
                    "ip_hash",
                    "unconfirmed",
                    "organizer_months",
                    "email_records",
                    "comments",
                    "link_days",
                ),
                n,
            )
        },
        {
            "en": ["for 0 months, we delete", "for 1 month, we delete", "for 2 months, we delete"],
            "es": ["Si pasan 0 meses", "Si pasa 1 mes", "Si pasan 2 meses"],
        },
    ),
    (
        "privacy/privacy.html",
        lambda n: {
            "periods": dict.fromkeys(
                (
                    "closed",
                    "ip_hash",
                    "unconfirmed",
                    "organizer_months",
                    "email_records",
                    "comments",
                    "link_days",
                ),
                n,
            )
        },
        {
            "en": [
                "The link works for 0 days.",
                "The link works for 1 day.",
                "The link works for 2 days.",
            ],
            "es": [
                "El enlace funciona por 0 días.",
                "El enlace funciona por 1 día.",
                "El enlace funciona por 2 días.",
            ],
        },
    ),
    (
        "watch/index.html",
        lambda n: {"jurisdictions": [SimpleNamespace()] * n, "total": n, "event_count": n},
        {
            "en": ["0 places, 0 events.", "1 place, 1 event.", "2 places, 2 events."],
            "es": ["0 lugares, 0 eventos.", "1 lugar, 1 evento.", "2 lugares, 2 eventos."],
        },
    ),
    (
        "watch/index.html",
        lambda n: {
            "states": [{"ended": n, "other": n, "name": "Texas"}],
            "total": 0,
            "event_count": 0,
        },
        {
            "en": [
                "Texas: 0 contracts ended",
                "Texas: 1 contract ended",
                "Texas: 2 contracts ended",
            ],
            "es": [
                "Texas: 0 contratos terminados",
                "Texas: 1 contrato terminado",
                "Texas: 2 contratos terminados",
            ],
        },
    ),
    (
        "watch/jurisdiction.html",
        lambda n: {
            "place": SimpleNamespace(slug="austin-tx", name="Austin", state="TX"),
            "local": {"signers": n, "organizers": n},
        },
        {
            "en": [
                "0 confirmed petition signers, 0 organizers",
                "1 confirmed petition signer, 1 organizer",
                "2 confirmed petition signers, 2 organizers",
            ],
            "es": [
                "0 firmantes confirmados de la petición, 0 organizadores",
                "1 firmante confirmado de la petición, 1 organizador",
                "2 firmantes confirmados de la petición, 2 organizadores",
            ],
        },
    ),
    (
        "staff/hub.html",
        lambda n: {
            "d": {"hub": {}, "organizers": [SimpleNamespace(public_id=uuid4())] * n, "signers": n}
        },
        {
            "en": [
                "0 organizers · 0 confirmed petition signers live here",
                "1 organizer · 1 confirmed petition signer lives here",
                "2 organizers · 2 confirmed petition signers live here",
            ],
        },
    ),
    (
        "staff/integrity_campaign.html",
        lambda n: {"preview": n, "campaign": {"slug": "x"}},
        {
            "en": ["0 signatures match.", "1 signature matches.", "2 signatures match."],
        },
    ),
]


@pytest.mark.parametrize("template,context,phrases", CASES)
def test_it_agrees_numbers_and_nouns(template, context, phrases):
    for language, expected in phrases.items():
        for n, phrase in enumerate(expected):
            html = re.sub(r"<[^>]+>", "", render(template, language, **context(n)))
            assert phrase in html, (language, n, phrase)
