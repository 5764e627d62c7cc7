from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.fernet import Fernet

from stopalprs.ops.gunicorn import redact_path

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[3]


def test_pages_refuse_device_permissions(client, campaign):
    policy = client.get("/")["Permissions-Policy"]
    assert "camera=()" in policy and "geolocation=()" in policy


def test_check_deploy_reports_nothing_in_production(tmp_path):
    env = {
        **os.environ,
        "DEBUG": "False",
        "SITE_URL": "https://stopalprs.example.org",
        "SECRET_KEY": "a-long-random-production-secret-" + "x" * 40,
        "FIELD_ENCRYPTION_KEYS": Fernet.generate_key().decode(),
        "BLIND_INDEX_KEY": "blind-index-key",
        "VAR_DIR": str(tmp_path),
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_secrets(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG"}}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        timeout=60,
        check=False,
        env={**env, "DEBUG": "False", "VAR_DIR": str(tmp_path)},
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_the_access_log_keeps_routes_not_tokens():
    assert redact_path("/confirm/abc:def:ghi/") == "/confirm/…/"
    assert redact_path("/privacy/manage/tok:en/") == "/privacy/manage/…/"
    assert redact_path("/c/stop-alprs/") == "/c/stop-alprs/"


def test_the_access_log_line_holds_no_address_or_header():
    from datetime import timedelta
    from types import SimpleNamespace

    from gunicorn.config import Config

    from stopalprs.ops.gunicorn import RedactingLogger
    from stopalprs.ops.management.commands.runstack import ACCESS_LOG_FORMAT

    logger = RedactingLogger(Config())
    environ = {
        "REQUEST_METHOD": "POST",
        "PATH_INFO": "/confirm/abc:def/",
        "REMOTE_ADDR": "203.0.113.7",
        "HTTP_X_FORWARDED_FOR": "198.51.100.2",
        "HTTP_USER_AGENT": "Fingerprintable/1.0",
        "QUERY_STRING": "email=a@b.org",
    }
    request = SimpleNamespace(headers=[("X-FORWARDED-FOR", "198.51.100.2")])
    response = SimpleNamespace(status="302 Found", sent=0)
    atoms = logger.atoms(response, request, environ, timedelta(milliseconds=12))
    line = ACCESS_LOG_FORMAT % logger.atoms_wrapper_class(atoms)
    assert line.endswith(' "POST /confirm/…/" 302 0 12ms')
    for secret in ("203.0.113.7", "198.51.100.2", "Fingerprintable", "a@b.org", "abc:def"):
        assert secret not in line and secret not in repr(atoms)
