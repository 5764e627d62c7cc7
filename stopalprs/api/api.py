"""The JSON API, version 1, in the shape of OSDI 1.1 (the Open Supporter Data Interface that
Action Network implements): HAL+JSON resources, the ``OSDI-API-Token`` header,
``page``/``per_page`` pagination, and the record-signature helper.

Nothing here returns personal data: campaigns and counts need the ``aggregates`` scope, and
recording a signature needs ``write_signatures`` (the signer still confirms by email, exactly
as on the site). Errors are always ``{"error": {"code", "message", "fields"?}}``.
"""

from __future__ import annotations

import math
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.security import APIKeyHeader

from stopalprs.api import services
from stopalprs.api.models import ApiToken, Scope
from stopalprs.campaigns.models import Campaign
from stopalprs.campaigns.services import public_counts
from stopalprs.lib.http import absolute_url
from stopalprs.privacy.services import hash_ip
from stopalprs.signatures.forms import SignatureForm
from stopalprs.signatures.services import sign_petition

MAX_PER_PAGE = 100


class ErrorBody(Schema):
    code: str
    message: str
    fields: dict[str, str] | None = None


class ErrorOut(Schema):
    error: ErrorBody


def _responses(ok: int, *errors: int) -> dict[int, Any]:
    """The documented replies: ``ok`` with a HAL body, and each error in the one shape."""
    common = (401, 403, 422, 429)
    return {ok: dict[str, Any], **{code: ErrorOut for code in (*common, *errors)}}


class OsdiToken(APIKeyHeader):
    param_name = "OSDI-API-Token"

    def authenticate(self, request: HttpRequest, key: str | None) -> ApiToken | None:
        token = services.authenticate(key)
        if token is not None and services.over_limit(token):
            raise HttpError(429, "Too many requests for this token; slow down.")
        return token


api = NinjaAPI(
    title="stopalprs API", version="1", urls_namespace="api", auth=OsdiToken(),
    description=__doc__ or "",
    # Ninja's browsable docs load Swagger UI from a CDN: not on this site.
    docs_url=None,
)  # fmt: skip


def _error(request: HttpRequest, status: int, code: str, message: str, **extra: Any) -> Any:
    return api.create_response(
        request, {"error": {"code": code, "message": message, **extra}}, status=status
    )


@api.exception_handler(AuthenticationError)
def _unauthorized(request: HttpRequest, exc: Exception) -> HttpResponse:
    return _error(request, 401, "unauthorized",
                  "Send a valid token in the OSDI-API-Token header.")  # fmt: skip


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    codes = {400: "bad_request", 403: "forbidden", 404: "not_found", 409: "conflict",
             429: "rate_limited"}  # fmt: skip
    return _error(request, exc.status_code, codes.get(exc.status_code, "error"), str(exc))


@api.exception_handler(ValidationError)
def _invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    fields = {".".join(str(p) for p in e["loc"][1:]) or "body": e["msg"] for e in exc.errors}
    return _error(request, 422, "invalid", "The request is not valid.", fields=fields)


def _need(request: HttpRequest, scope: str) -> ApiToken:
    token: ApiToken = request.auth  # type: ignore[attr-defined]
    if not token.allows(scope):
        raise HttpError(403, f"This token lacks the '{scope}' scope.")
    return token


def _href(name: str, *args: object) -> dict[str, str]:
    return {"href": absolute_url(reverse(f"api:{name}", args=args))}


def _petition(campaign: Campaign) -> dict[str, Any]:
    counts = public_counts(campaign)
    return {
        "identifiers": [f"stopalprs:{campaign.slug}"],
        "origin_system": "stopalprs",
        "title": campaign.title,
        "description": campaign.summary,
        "petition_text": campaign.ask,
        "total_signatures": counts.total,
        "status": campaign.state,
        "browser_url": absolute_url(campaign.get_absolute_url()),
        "created_date": campaign.created_at.isoformat(),
        "modified_date": campaign.updated_at.isoformat(),
        "_links": {
            "self": _href("petition", campaign.slug),
            "osdi:record_signature_helper": _href("record_signature", campaign.slug),
        },
    }


@api.get("/", url_name="entry", summary="OSDI entry point", response=_responses(200))
def entry(request: HttpRequest) -> dict[str, Any]:
    # Any valid token may start here, whatever its scopes.
    return {
        "motd": "stopalprs: petitions against automated license plate readers",
        "vendor_name": "stopalprs", "product_name": "stopalprs", "osdi_version": "1.1",
        "max_pagesize": MAX_PER_PAGE, "namespace": "stopalprs",
        "_links": {
            "self": _href("entry"), "osdi:petitions": _href("petitions"),
            "docs": {"href": absolute_url(reverse("api:openapi-json"))},
        },
    }  # fmt: skip


@api.get(
    "/petitions", url_name="petitions", summary="Our campaigns, as OSDI petitions",
    response=_responses(200),
)  # fmt: skip
def petitions(request: HttpRequest, page: int = 1, per_page: int = 25) -> dict[str, Any]:
    _need(request, Scope.AGGREGATES)
    per_page = max(1, min(per_page, MAX_PER_PAGE))
    found = Campaign.objects.public().order_by("-created_at")
    total = found.count()
    pages = max(1, math.ceil(total / per_page))
    page = max(1, min(page, pages))
    items = [_petition(c) for c in found[(page - 1) * per_page : page * per_page]]
    url = _href("petitions")["href"]
    links: dict[str, Any] = {
        "self": {"href": f"{url}?page={page}&per_page={per_page}"},
        "osdi:petitions": [item["_links"]["self"] for item in items],
    }
    if page < pages:
        links["next"] = {"href": f"{url}?page={page + 1}&per_page={per_page}"}
    return {
        "total_pages": pages, "per_page": per_page, "page": page, "total_records": total,
        "_links": links, "_embedded": {"osdi:petitions": items},
    }  # fmt: skip


@api.get(
    "/petitions/{slug}", url_name="petition", summary="One petition",
    response=_responses(200, 404),
)  # fmt: skip
def petition(request: HttpRequest, slug: str) -> dict[str, Any]:
    _need(request, Scope.AGGREGATES)
    campaign = Campaign.objects.public().filter(slug=slug).first()
    if campaign is None:
        raise HttpError(404, "No such petition.")
    return _petition(campaign)


class EmailAddress(Schema):
    address: str


class PostalAddress(Schema):
    postal_code: str


class Person(Schema):
    given_name: str
    family_name: str
    email_addresses: list[EmailAddress]
    postal_addresses: list[PostalAddress]


class SignatureIn(Schema):
    person: Person
    comments: str = ""
    add_to_updates: bool = False


@api.post(
    "/petitions/{slug}/signatures", url_name="record_signature",
    summary="Record signature helper: a pending signature that confirms by email",
    response=_responses(202, 400, 404, 409),
)  # fmt: skip
def record_signature(request: HttpRequest, slug: str, body: SignatureIn) -> Any:
    _need(request, Scope.WRITE_SIGNATURES)
    campaign = Campaign.objects.public().filter(slug=slug).first()
    if campaign is None:
        raise HttpError(404, "No such petition.")
    if not campaign.accepts_signatures:
        raise HttpError(409, "This petition is not taking signatures.")
    person = body.person
    # The same checks as the sign form: the ZIP code must name one district, the address
    # must be an address.
    form = SignatureForm({
        "first_name": person.given_name, "last_name": person.family_name,
        "email": person.email_addresses[0].address if person.email_addresses else "",
        "zip_code": person.postal_addresses[0].postal_code if person.postal_addresses else "",
        "comment": body.comments, "send_updates": body.add_to_updates, "email_checked": True,
    })  # fmt: skip
    if not form.is_valid():
        fields = {name: " ".join(str(e) for e in errors) for name, errors in form.errors.items()}
        return _error(request, 422, "invalid", "The signature is not valid.", fields=fields)
    data = form.signature_data()
    outcome = sign_petition(
        campaign=campaign,
        ip_hash=hash_ip(f"api:{request.auth.pk}"),  # type: ignore[attr-defined]
        **data,
    )
    del outcome  # the reply must not depend on it (see below)
    # The same reply whether the address had signed before or not, as on the site: the
    # address's owner gets an email, the caller learns nothing about them.
    return api.create_response(
        request,
        {"status": "pending_confirmation",
         "_links": {"osdi:petition": _href("petition", campaign.slug)}},
        status=202,
    )  # fmt: skip
