"""Staff sign-in: both factors together, one answer for every failure, a throttle that
stops guessing without letting anyone lock an account's owner out."""

from __future__ import annotations

import io
import re

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

pytestmark = pytest.mark.django_db
PASSWORD = "correct horse battery"


@pytest.fixture
def dana(db):
    User.objects.create_superuser("dana", password=PASSWORD)
    call_command("enroll_totp", "dana", stdout=io.StringIO())
    return TOTPDevice.objects.get(user__username="dana")


def code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key):06d}"


def attempt(client: Client, password: str, token: str, address: str = "203.0.113.5"):
    return client.post(
        "/admin/login/?next=/admin/",
        {"username": "dana", "password": password, "otp_token": token},
        REMOTE_ADDR=address,
    )


def page(response) -> str:
    """The page less what differs on every response anyway (CSRF token, CSP nonces)."""
    html = response.content.decode()
    return re.sub(r'(nonce="|name="csrfmiddlewaretoken" value=")[^"]+', r"\1", html)


def test_one_device_needs_no_choosing_and_the_first_right_code_lets_staff_in(client, dana):
    response = attempt(client, PASSWORD, code(dana))
    assert response.status_code == 302, page(response)
    assert client.get("/admin/").status_code == 200


def test_a_wrong_password_and_a_wrong_code_get_the_same_page(dana):
    wrong_password = attempt(Client(), "guess", code(dana))
    wrong_code = attempt(Client(), PASSWORD, "000000")
    no_code = attempt(Client(), PASSWORD, "")
    assert wrong_password.status_code == wrong_code.status_code == no_code.status_code == 200
    assert "Enter a correct username, password and code" in page(wrong_password)
    # the same page, whichever factor was wrong (the CSRF token aside)
    assert page(wrong_password) == page(wrong_code)
    assert 'name="otp_device"' not in page(wrong_code)


def test_the_form_never_writes_the_password_back(dana):
    html = page(attempt(Client(), PASSWORD, "000000"))
    assert PASSWORD not in html


def test_guessing_is_stopped_at_the_fifth_try_from_one_address(client, dana):
    statuses = [attempt(client, f"guess{n}", "123456").status_code for n in range(7)]
    assert statuses == [200] * 4 + [429] * 3
    locked = attempt(client, PASSWORD, code(dana))  # even the right answer waits
    assert locked.status_code == 429 and int(locked["Retry-After"]) == 15 * 60
    assert "Too many sign-in attempts" in locked.content.decode()


def test_an_attacker_cannot_lock_the_owner_out_from_elsewhere(dana):
    attacker = Client()
    for n in range(10):
        attempt(attacker, PASSWORD, f"{n:06d}", address="198.51.100.66")  # knows the password
    owner = Client()
    assert attempt(owner, PASSWORD, code(dana), address="203.0.113.5").status_code == 302


def test_the_lock_ends_by_itself(client, dana, settings):
    import time_machine
    from django.utils import timezone

    for n in range(6):
        attempt(client, f"guess{n}", "123456")
    assert attempt(client, PASSWORD, code(dana)).status_code == 429
    with time_machine.travel(timezone.now() + settings.AXES_COOLOFF_TIME, tick=False):
        fresh = TOTPDevice.objects.get(pk=dana.pk)
        assert attempt(client, PASSWORD, code(fresh)).status_code == 302


def test_the_throttle_keeps_no_address(client, dana):
    from axes.models import AccessAttempt, AccessLog

    attempt(client, "guess", "123456", address="203.0.113.77")
    assert not AccessAttempt.objects.exists() and not AccessLog.objects.exists()
