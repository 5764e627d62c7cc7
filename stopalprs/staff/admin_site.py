from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import authenticate, user_login_failed
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django_otp import user_has_device
from django_otp.admin import OTPAdminSite
from django_otp.plugins.otp_totp.models import TOTPDevice


class _CodeInput(forms.TextInput):
    """A code is good for one try: the box comes back empty, like the password's."""

    def format_value(self, value: Any) -> None:
        return None


class StaffLoginForm(AdminAuthenticationForm):
    """Username, password and the authenticator's code, checked together.

    Every failure gets the same answer, whichever factor was wrong (and a password that is
    right but a code that is not counts as a failed login for the throttle, see AXES_*), so
    the page never tells an attacker that they guessed the password. A person with one
    authenticator (everyone enrolled by ``enroll_totp``) chooses no device: each of their
    confirmed devices is tried.
    """

    otp_token = forms.CharField(
        label="Code from your authenticator app",
        max_length=12,
        widget=_CodeInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "size": "8"}
        ),
    )
    error_messages = {
        **AdminAuthenticationForm.error_messages,
        "invalid_login": "Enter a correct username, password and code. All three must match "
        "an enrolled staff account.",
    }

    def clean(self) -> dict[str, Any]:
        username = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        token = "".join((self.cleaned_data.get("otp_token") or "").split())
        user = None
        if username is not None and password:
            user = authenticate(self.request, username=username, password=password)
        device = self._verified_device(user, token) if user is not None else None
        if user is None or device is None or not user.is_active or not user.is_staff:
            if user is not None:  # the password was right: still a failure to the throttle
                user_login_failed.send(
                    sender=__name__, credentials={"username": username}, request=self.request
                )
            raise self.get_invalid_login_error()
        user.otp_device = device  # type: ignore[attr-defined]
        self.user_cache = user
        return self.cleaned_data

    @staticmethod
    def _verified_device(user: Any, token: str) -> TOTPDevice | None:
        if not token.isdigit() or not user_has_device(user):
            return None
        for device in TOTPDevice.objects.devices_for_user(user, confirmed=True):
            if device.verify_token(token):
                return device
        return None


class StaffAdminSite(OTPAdminSite):
    """The admin, entered only with a password and a TOTP code (``manage.py enroll_totp``).

    Every staff account needs a second factor, whatever its role: the simplest rule that
    guarantees anyone who can reach personal data has one.
    """

    site_header = "stopalprs staff"
    site_title = "stopalprs staff"
    login_form = StaffLoginForm
    # django-otp keeps the verified device in the session when it sees form.user.otp_device.
    login_template = "admin/staff_login.html"


def locked_out(
    request: HttpRequest, credentials: Any = None, *args: Any, **kwargs: Any
) -> HttpResponse:
    """Too many failed sign-ins from one address (for one account or for any): wait.

    The lock is per address and per address-and-account, and it ends by itself after
    AXES_COOLOFF_TIME, so nobody can lock an account's owner out from elsewhere, or for long.
    """
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    response = render(request, "admin/staff_locked.html", {"minutes": minutes}, status=429)
    response["Retry-After"] = str(minutes * 60)
    return response
