"""Schemathesis against our own OpenAPI document: for generated requests to every operation,
no 500, and every response conforms to the schema (status codes, content type, body)."""

from __future__ import annotations

import pytest
import schemathesis
from django.contrib.auth.models import AnonymousUser
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, settings

from stopalprs.api.services import create_token

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())


@pytest.fixture
def secret(campaign) -> str:
    return create_token(
        actor=AnonymousUser(), name="schemathesis", scopes=["aggregates", "write_signatures"]
    )[1]


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=25, deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)  # fmt: skip
def test_the_api_keeps_to_its_openapi_document(case, secret):
    case.call_and_validate(headers={"OSDI-API-Token": secret})
