from __future__ import annotations

from django_otp.admin import OTPAdminSite


class StaffAdminSite(OTPAdminSite):
    """The admin, entered only with a password and a TOTP code (``manage.py enroll_totp``).

    Every staff account needs a second factor, whatever its role: the simplest rule that
    guarantees anyone who can reach personal data has one.
    """

    site_header = "stopalprs staff"
    site_title = "stopalprs staff"
