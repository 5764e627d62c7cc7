from __future__ import annotations

import io

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

pytestmark = pytest.mark.django_db


def test_enrolling_gives_a_working_totp_device_and_the_admin_accepts_its_code(client):
    User.objects.create_superuser("dana", password="correct horse battery")
    out = io.StringIO()
    call_command("enroll_totp", "dana", stdout=out)
    assert "otpauth://totp/" in out.getvalue()
    device = TOTPDevice.objects.get(user__username="dana")
    code = f"{totp(device.bin_key):06d}"
    response = client.post(
        "/admin/login/?next=/admin/",
        {
            "username": "dana",
            "password": "correct horse battery",
            "otp_device": device.persistent_id,
            "otp_token": code,
        },
    )
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_a_wrong_code_keeps_the_admin_shut(client):
    User.objects.create_superuser("dana", password="correct horse battery")
    call_command("enroll_totp", "dana", stdout=io.StringIO())
    device = TOTPDevice.objects.get()
    client.post(
        "/admin/login/",
        {
            "username": "dana",
            "password": "correct horse battery",
            "otp_device": device.persistent_id,
            "otp_token": "000000",
        },
    )
    assert client.get("/admin/").status_code == 302


def test_enrolling_an_unknown_user_fails_clearly():
    with pytest.raises(CommandError, match="no user 'nobody'"):
        call_command("enroll_totp", "nobody")
