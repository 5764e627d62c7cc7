"""Spanish and English: chosen by URL prefix or by Accept-Language, with one shared count."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.conf import settings

from stopalprs.signatures.models import Signature
from stopalprs.signatures.tests.helpers import confirm_path

pytestmark = pytest.mark.django_db

SPANISH = {"HTTP_ACCEPT_LANGUAGE": "es-US,es;q=0.9,en;q=0.5"}


def count(client) -> int:
    return client.get("/c/stop-alprs.json").json()["signature_count"]


def test_accept_language_es_signs_in_spanish_into_the_same_count(
    client, campaign, alice, bob, outbox, tasks, django_capture_on_commit_callbacks
):
    page = client.get("/c/stop-alprs/", **SPANISH)
    html = page.content.decode()
    assert '<html lang="es">' in html
    assert "Te están rastreando" in html and "Firmar la petición" in html
    assert "Nombre" in html and "Código postal" in html
    assert "Accept-Language" in page["Vary"] and page["Content-Language"] == "es"

    with django_capture_on_commit_callbacks(execute=True):
        thanks = client.post("/c/stop-alprs/", alice, follow=True, **SPANISH)
    assert "¡Gracias por firmar la petición!" in thanks.content.decode()
    assert Signature.objects.get().language == "es"
    tasks()
    [email] = outbox
    assert email.subject == (
        "Confirma tu firma: Te están rastreando: acabemos con los lectores de placas"
    )
    assert "Tu firma solo cuenta cuando la confirmas." in email.body
    assert "http://testserver/es/confirm/" in email.body  # the link keeps the language
    confirmed = client.post(confirm_path(email.body))
    assert confirmed["Location"].startswith("/es/c/stop-alprs/confirmed/")

    # An English signer (elsewhere: one address signing twice a minute is held back) adds to
    # the same total.
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/c/stop-alprs/", bob, REMOTE_ADDR="192.0.2.7")
    tasks()
    assert "Confirm your signature" in outbox[1].subject
    client.post(confirm_path(outbox[1].body))
    assert count(client) == 2


def test_the_language_prefix_keeps_every_link_in_its_language(client, campaign):
    html = client.get("/es/c/stop-alprs/").content.decode()
    assert 'action="/es/c/stop-alprs/"' in html
    assert 'href="/es/privacy/"' in html and 'href="/es/organize/"' in html
    # The switcher and the alternates name the same page in each language.
    assert 'href="/en/c/stop-alprs/" lang="en" hreflang="en">English</a>' in html
    assert 'hreflang="es" href="http://testserver/es/c/stop-alprs/"' in html
    english = client.get("/en/c/stop-alprs/", **SPANISH).content.decode()
    assert "You are being tracked" in english  # the prefix wins over the browser


def test_errors_are_in_spanish(client, campaign):
    response = client.post("/es/c/stop-alprs/", {"first_name": "Ana"})
    html = response.content.decode()
    assert response.status_code == 400
    assert "Por favor, corrige lo siguiente:" in html and "Este campo es obligatorio." in html
    missing = client.get("/es/no-such-page/")
    assert missing.status_code == 404 and "No encontramos esa página" in missing.content.decode()


def test_the_open_data_json_is_the_same_in_both_languages(client, campaign):
    spanish, english = (client.get(f"{p}/c/stop-alprs.json").json() for p in ("/es", ""))
    spanish.pop("updated_at"), english.pop("updated_at")
    assert spanish == english


PUBLIC_PYTHON = ("forms.py", "share.py", "states.py", "views.py", "settings.py")


def test_every_public_string_has_a_spanish_translation():
    """Staff pages stay English; every string a signer, organizer or reader can meet must be
    translated, so a new untranslated string fails here."""
    path = Path(settings.BASE_DIR) / "locale" / "es" / "LC_MESSAGES" / "django.po"
    with path.open("rb") as f:
        catalog = read_po(f)
    untranslated = []
    for message in catalog:
        if not message.id:
            continue
        places = [where for where, _ in message.locations]
        public = any(
            (p.startswith("templates/") and not p.startswith("templates/staff/"))
            or (p.endswith(PUBLIC_PYTHON) and "/staff/" not in p)
            for p in places
        )
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if public and (not all(strings) or message.fuzzy):
            untranslated.append((message.id, places[:2]))
    assert untranslated == []


def test_no_entry_in_the_catalog_is_a_fuzzy_guess():
    """`makemessages` guesses a translation for a new string from an old one and marks it fuzzy;
    the guess can carry the old string's placeholders, which stops the catalog compiling."""
    path = Path(settings.BASE_DIR) / "locale" / "es" / "LC_MESSAGES" / "django.po"
    with path.open("rb") as f:
        catalog = read_po(f)
    assert [m.id for m in catalog if m.id and m.fuzzy] == []
