"""Schemathesis against our own OpenAPI document: for generated requests to every operation,
no 500, and every response conforms to the schema (status codes, content type, body)."""

from __future__ import annotations

import pytest
import schemathesis
from django.contrib.auth.models import AnonymousUser
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import negative_data_rejection

from stopalprs.api.services import create_token

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """Requests here go through the real WSGI handler, whose request signals close the
    database connection: that would end the test's transaction (PostgreSQL). Django's test
    client disconnects them the same way."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def secret(campaign) -> str:
    """Every scope, and someone to find: a confirmed signer and a tag."""
    from stopalprs.api.models import Scope
    from stopalprs.lib.crypto import blind_index
    from stopalprs.organizing.models import Tag
    from stopalprs.signatures.models import Signature

    Signature.objects.create(
        campaign=campaign,
        first_name="Ana",
        last_name="Ruiz",
        email="ana@example.org",
        email_index=blind_index("ana@example.org"),
        zip_code="94110",
        state="CA",
        status="confirmed",
    )
    Tag.objects.create(name="council")
    return create_token(actor=AnonymousUser(), name="schemathesis", scopes=Scope.values)[1]


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=25,
    deadline=None,
    derandomize=True,  # the same cases on every CI run
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_the_api_keeps_to_its_openapi_document(case, secret):
    # Not the "negative data must be rejected" check: every case carries a valid token (so a
    # case meant to lack it is accepted), and unknown query parameters are ignored, as HTTP
    # APIs do. Missing and wrong tokens are tested in test_api.py.
    case.call_and_validate(
        headers={"OSDI-API-Token": secret}, excluded_checks=[negative_data_rejection]
    )
