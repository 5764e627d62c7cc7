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
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_secrets(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG"}}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, timeout=60, check=False,
        env={**env, "DEBUG": "False", "VAR_DIR": str(tmp_path)}, capture_output=True, text=True,
    )  # fmt: skip
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_the_access_log_keeps_routes_not_tokens():
    assert redact_path("/confirm/abc:def:ghi/") == "/confirm/…/"
    assert redact_path("/privacy/manage/tok:en/") == "/privacy/manage/…/"
    assert redact_path("/c/stop-alprs/") == "/c/stop-alprs/"
