"""The JSON API, version 1, in the shape of OSDI 1.1 (the Open Supporter Data Interface that
Action Network implements): HAL+JSON resources, the ``OSDI-API-Token`` header,
``page``/``per_page`` pagination, and the record-signature helper.

Scopes, per token: ``aggregates`` reads campaigns, counts, forms and tags (nothing about a
person); ``people`` reads signatures, people and organizer submissions, and every such read
is written to the staff audit log with the token and how many people it named;
``write_signatures`` records signatures, which still confirm by email exactly as on the site,
unless the token also holds ``confirm_signatures`` and says ``"confirmed": true`` (a CRM that
has verified the address). Errors are always ``{"error": {"code", "message", "fields"?}}``.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.security import APIKeyHeader
from pydantic import field_validator

from stopalprs.actions.checks import Door, Proof
from stopalprs.actions.senders import hash_ip
from stopalprs.api import services
from stopalprs.api.models import ApiToken, Scope
from stopalprs.campaigns.models import Campaign
from stopalprs.campaigns.services import public_counts
from stopalprs.fights import opendata as fight_opendata
from stopalprs.fights import services as fight_services
from stopalprs.fights.models import Fight
from stopalprs.lib import osdi
from stopalprs.lib.http import absolute_url
from stopalprs.lib.osdi import href as _href
from stopalprs.organizing.models import Organizer, Tag
from stopalprs.signatures.forms import UNSURE, SignatureForm
from stopalprs.signatures.models import Signature
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
        if token is not None and (wait := services.over_limit(token)):
            raise RateLimited(wait)
        return token


class RateLimited(HttpError):
    def __init__(self, retry_after: int) -> None:
        super().__init__(429, "Too many requests for this token; slow down.")
        self.retry_after = retry_after


api = NinjaAPI(
    title="stopalprs API",
    version="1",
    urls_namespace="api",
    auth=OsdiToken(),
    description=__doc__ or "",
    # Ninja's browsable docs load Swagger UI from a CDN: not on this site.
    docs_url=None,
)


def _error(request: HttpRequest, status: int, code: str, message: str, **extra: Any) -> Any:
    return api.create_response(
        request, {"error": {"code": code, "message": message, **extra}}, status=status
    )


@api.exception_handler(AuthenticationError)
def _unauthorized(request: HttpRequest, exc: Exception) -> HttpResponse:
    return _error(request, 401, "unauthorized", "Send a valid token in the OSDI-API-Token header.")


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    codes = {
        400: "bad_request",
        403: "forbidden",
        404: "not_found",
        409: "conflict",
        429: "rate_limited",
    }
    response = _error(request, exc.status_code, codes.get(exc.status_code, "error"), str(exc))
    if isinstance(exc, RateLimited):
        response["Retry-After"] = str(exc.retry_after)
    return response


@api.exception_handler(ValidationError)
def _invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    fields = {".".join(str(p) for p in e["loc"][1:]) or "body": e["msg"] for e in exc.errors}
    return _error(request, 422, "invalid", "The request is not valid.", fields=fields)


def _need(request: HttpRequest, scope: str) -> ApiToken:
    token: ApiToken = request.auth  # type: ignore[attr-defined]
    if not token.allows(scope):
        raise HttpError(403, f"This token lacks the '{scope}' scope.")
    return token


@api.get("/", url_name="entry", summary="OSDI entry point", response=_responses(200))
def entry(request: HttpRequest) -> dict[str, Any]:
    # Any valid token may start here, whatever its scopes.
    return {
        "motd": "stopalprs: petitions against automated license plate readers",
        "vendor_name": "stopalprs",
        "product_name": "stopalprs",
        "osdi_version": "1.1",
        "max_pagesize": MAX_PER_PAGE,
        "namespace": "stopalprs",
        "_links": {
            "self": _href("entry"),
            "osdi:petitions": _href("petitions"),
            "osdi:people": _href("people"),
            "osdi:forms": _href("forms"),
            "osdi:tags": _href("tags"),
            "stopalprs:fights": _href("fights"),
            "docs": {"href": absolute_url(reverse("api:openapi-json"))},
        },
    }


def _collection(
    *,
    name: str,
    args: tuple[object, ...] = (),
    rows: Any,
    page: int,
    per_page: int,
    item: Callable[[Any], dict[str, Any]] | None = None,
    kind: str = "",
    page_items: Callable[[list[Any]], list[dict[str, Any]]] | None = None,
) -> tuple[dict[str, Any], int]:
    """One OSDI page of ``rows`` (a query, ordered) at URL ``name``, under ``osdi:<kind>``
    (default: the URL's name); and its size. Each row becomes ``item(row)``, or the whole
    page goes to ``page_items`` when a row alone would cost a query."""
    per_page = max(1, min(per_page, MAX_PER_PAGE))
    total = rows.count()
    pages = max(1, math.ceil(total / per_page))
    page = max(1, min(page, pages))
    selected = list(rows[(page - 1) * per_page : page * per_page])
    if page_items is not None:
        items = page_items(selected)
    else:
        assert item is not None  # noqa: S101 - one of the two is given
        items = [item(row) for row in selected]
    url = _href(name, *args)["href"]
    links: dict[str, Any] = {"self": {"href": f"{url}?page={page}&per_page={per_page}"}}
    if page < pages:
        links["next"] = {"href": f"{url}?page={page + 1}&per_page={per_page}"}
    if page > 1:
        links["previous"] = {"href": f"{url}?page={page - 1}&per_page={per_page}"}
    key = f"osdi:{kind or name}"
    links[key] = [i["_links"]["self"] for i in items if "self" in i.get("_links", {})]
    body = {
        "total_pages": pages,
        "per_page": per_page,
        "page": page,
        "total_records": total,
        "_links": links,
        "_embedded": {key: items},
    }
    return body, len(items)


@api.get(
    "/petitions",
    url_name="petitions",
    summary="Our campaigns, as OSDI petitions",
    response=_responses(200),
)
def petitions(request: HttpRequest, page: int = 1, per_page: int = 25) -> dict[str, Any]:
    _need(request, Scope.AGGREGATES)
    body, _ = _collection(
        name="petitions",
        rows=Campaign.objects.public().order_by("-created_at"),
        page=page,
        per_page=per_page,
        item=_petition,
    )
    return body


def _petition(campaign: Campaign) -> dict[str, Any]:
    return osdi.petition(campaign, total_signatures=public_counts(campaign).total)


def _campaign(slug: str) -> Campaign:
    campaign = Campaign.objects.public().filter(slug=slug).first()
    if campaign is None:
        raise HttpError(404, "No such petition.")
    return campaign


@transaction.atomic
def _personal_page(
    request: HttpRequest, *, what: str, ref: str, build: Callable[[], tuple[dict[str, Any], int]]
) -> dict[str, Any]:
    """A reply that names people: needs the ``people`` scope, and is audited with the token
    that read it and how many people it named, in the same transaction as the read."""
    token = _need(request, Scope.PEOPLE)
    body, count = build()
    services.audit_read(token, what=what, ref=ref, count=count)
    return body


@api.get(
    "/petitions/{slug}/signatures",
    url_name="signatures",
    summary="A petition's confirmed signatures, with their signers (people scope; audited)",
    response=_responses(200, 404),
)
def signatures(request: HttpRequest, slug: str, page: int = 1, per_page: int = 25) -> Any:
    campaign = _campaign(slug)
    rows = (
        Signature.objects.confirmed()
        .filter(campaign=campaign, anonymized_at__isnull=True)
        .exclude(fraud_state=Signature.FraudState.INVALID)
        .select_related("campaign")
        .order_by("pk")
    )
    return _personal_page(
        request,
        what="signature",
        ref=campaign.slug,
        build=lambda: _collection(
            name="signatures",
            args=(slug,),
            rows=rows,
            page=page,
            per_page=per_page,
            item=lambda s: osdi.signature(s, personal=True),
        ),
    )


def _people_ids() -> Any:
    """Everyone we may call a person: confirmed signers (not anonymized) and confirmed
    organizers, one entry per email address (its blind index)."""
    signers = Signature.objects.confirmed().filter(email_index__isnull=False)
    organizers = Organizer.objects.confirmed()
    # order_by() clears each side's default ordering: SQL allows one ORDER BY, on the union.
    return (
        signers.order_by()
        .values_list("email_index", flat=True)
        .union(organizers.order_by().values_list("email_index", flat=True))
        .order_by("email_index")
    )


def _people(indexes: list[str]) -> list[dict[str, Any]]:
    """The people with these blind indexes, in that order: two queries for a whole page."""
    signed: dict[str, list[Signature]] = {index: [] for index in indexes}
    for sig in (
        Signature.objects.confirmed()
        .filter(email_index__in=indexes)
        .select_related("campaign")
        .order_by("-created_at")
    ):
        signed[sig.email_index or ""].append(sig)
    organizers = {
        o.email_index: o for o in Organizer.objects.confirmed().filter(email_index__in=indexes)
    }
    people = []
    for index in indexes:
        found, organizer = signed[index], organizers.get(index)
        if found:
            person = osdi.person_from_signature(found[0], personal=True)
        elif organizer is not None:
            person = osdi.person_from_organizer(organizer, personal=True)
        else:
            continue
        dates = [s.created_at for s in found] + ([organizer.created_at] if organizer else [])
        person["created_date"] = min(dates).isoformat()
        person["_links"]["osdi:signatures"] = _href("person_signatures", index)
        person["_embedded"] = {
            "osdi:signatures": [osdi.signature(s, personal=False) for s in found],
            **(
                {"osdi:submissions": [osdi.submission(organizer, personal=False)]}
                if organizer
                else {}
            ),
        }
        people.append(person)
    return people


@api.get(
    "/people",
    url_name="people",
    summary="Confirmed signers and organizers, one per email address (people scope; audited)",
    response=_responses(200),
)
def people(request: HttpRequest, page: int = 1, per_page: int = 25) -> Any:
    return _personal_page(
        request,
        what="person",
        ref="people",
        build=lambda: _collection(
            name="people",
            rows=_people_ids(),
            page=page,
            per_page=per_page,
            page_items=_people,
        ),
    )


def _person_or_404(person_id: str) -> dict[str, Any]:
    found = _people([person_id]) if len(person_id) == 64 else []
    if not found:
        raise HttpError(404, "No such person.")
    return found[0]


@api.get(
    "/people/{person_id}",
    url_name="person",
    summary="One person (people scope; audited)",
    response=_responses(200, 404),
)
def person(request: HttpRequest, person_id: str) -> Any:
    return _personal_page(
        request,
        what="person",
        ref=person_id[:12],
        build=lambda: (_person_or_404(person_id), 1),
    )


@api.get(
    "/people/{person_id}/signatures",
    url_name="person_signatures",
    summary="One person's signatures (people scope; audited)",
    response=_responses(200),
)
def person_signatures(
    request: HttpRequest, person_id: str, page: int = 1, per_page: int = 25
) -> Any:
    rows = (
        Signature.objects.confirmed()
        .filter(email_index=person_id)
        .select_related("campaign")
        .order_by("pk")
    )
    return _personal_page(
        request,
        what="signature",
        ref=person_id[:12],
        build=lambda: _collection(
            name="person_signatures",
            args=(person_id,),
            rows=rows,
            page=page,
            per_page=per_page,
            item=lambda s: osdi.signature(s, personal=True),
            kind="signatures",
        ),
    )


@api.get(
    "/forms", url_name="forms", summary="Our forms: the organizer intake", response=_responses(200)
)
def forms(request: HttpRequest) -> dict[str, Any]:
    _need(request, Scope.AGGREGATES)
    item = osdi.form(Organizer.objects.confirmed().count())
    return {
        "total_pages": 1,
        "per_page": MAX_PER_PAGE,
        "page": 1,
        "total_records": 1,
        "_links": {"self": _href("forms"), "osdi:forms": [item["_links"]["self"]]},
        "_embedded": {"osdi:forms": [item]},
    }


def _form_name(form_id: str) -> None:
    if form_id != osdi.ORGANIZER_FORM:
        raise HttpError(404, "No such form.")


@api.get("/forms/{form_id}", url_name="form", summary="One form", response=_responses(200, 404))
def form(request: HttpRequest, form_id: str) -> dict[str, Any]:
    _need(request, Scope.AGGREGATES)
    _form_name(form_id)
    return osdi.form(Organizer.objects.confirmed().count())


@api.get(
    "/forms/{form_id}/submissions",
    url_name="submissions",
    summary="Confirmed organizer sign-ups (people scope; audited)",
    response=_responses(200, 404),
)
def submissions(request: HttpRequest, form_id: str, page: int = 1, per_page: int = 25) -> Any:
    _form_name(form_id)
    rows = Organizer.objects.confirmed().prefetch_related("tags").order_by("pk")
    return _personal_page(
        request,
        what="organizer",
        ref="submissions",
        build=lambda: _collection(
            name="submissions",
            args=(form_id,),
            rows=rows,
            page=page,
            per_page=per_page,
            item=lambda o: osdi.submission(o, personal=True),
        ),
    )


@api.get("/tags", url_name="tags", summary="Tags staff give organizers", response=_responses(200))
def tags(request: HttpRequest, page: int = 1, per_page: int = 25) -> dict[str, Any]:
    _need(request, Scope.AGGREGATES)
    body, _ = _collection(
        name="tags",
        rows=Tag.objects.order_by("name"),
        page=page,
        per_page=per_page,
        item=osdi.tag,
    )
    return body


@api.get("/tags/{tag_id}", url_name="tag", summary="One tag", response=_responses(200, 404))
def tag(request: HttpRequest, tag_id: int) -> dict[str, Any]:
    _need(request, Scope.AGGREGATES)
    found = Tag.objects.filter(pk=tag_id).first()
    if found is None:
        raise HttpError(404, "No such tag.")
    return osdi.tag(found)


@api.get(
    "/petitions/{slug}",
    url_name="petition",
    summary="One petition",
    response=_responses(200, 404),
)
def petition(request: HttpRequest, slug: str) -> dict[str, Any]:
    _need(request, Scope.AGGREGATES)
    return _petition(_campaign(slug))


@api.get(
    "/fights",
    url_name="fights",
    summary="Local fights: facts, public stances, meetings, counts, and their petitions",
    response=_responses(200),
)
def fights(request: HttpRequest, page: int = 1, per_page: int = 25) -> dict[str, Any]:
    _need(request, Scope.AGGREGATES)
    body, _ = _collection(
        name="fights",
        rows=fight_services.public_fights().order_by("slug"),
        page=page,
        per_page=per_page,
        item=_fight,
        kind="stopalprs:fights",
    )
    return body


@api.get(
    "/fights/{slug}", url_name="fight", summary="One local fight", response=_responses(200, 404)
)
def fight(request: HttpRequest, slug: str) -> dict[str, Any]:
    _need(request, Scope.AGGREGATES)
    found = fight_services.public_fights().filter(slug=slug[:120]).first()
    if found is None:
        raise HttpError(404, "No such fight.")
    return _fight(found)


def _fight(found: Fight) -> dict[str, Any]:
    """The fight's open data, with its petition's OSDI link and signature count."""
    full = fight_services.fight_page(found.slug) or found
    body = fight_opendata.one(full)
    links: dict[str, Any] = {"self": _href("fight", found.slug)}
    if full.petition is not None:
        links["osdi:petition"] = _href("petition", full.petition.slug)
        body["petition"] = _petition(full.petition)
    body["_links"] = links
    return body


class In(Schema):
    """What a client sends: text that can be stored, encrypted and emailed. A lone surrogate
    ("\\ud800") is valid JSON but no text, and failed deep in encryption with a 500."""

    @field_validator("*", mode="after")
    @classmethod
    def _text(cls, value: Any) -> Any:
        if isinstance(value, str):
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                raise ValueError("must be valid Unicode text") from None
        return value


class EmailAddress(In):
    address: str


class PostalAddress(In):
    postal_code: str
    # OSDI's state: asked for, as on the sign form, only where the ZIP code has none of its
    # own (military mail).
    region: str = ""


class Person(In):
    given_name: str
    family_name: str
    email_addresses: list[EmailAddress]
    postal_addresses: list[PostalAddress]


class SignatureIn(In):
    person: Person
    comments: str = ""
    add_to_updates: bool = False
    # Only for tokens with the confirm_signatures scope: the caller vouches for the address,
    # so no confirmation email is sent.
    confirmed: bool = False


@api.post(
    "/petitions/{slug}/signatures",
    url_name="record_signature",
    summary="Record signature helper: a pending signature that confirms by email",
    response=_responses(202, 400, 404, 409),
)
def record_signature(request: HttpRequest, slug: str, body: SignatureIn) -> Any:
    _need(request, Scope.WRITE_SIGNATURES)
    if body.confirmed:
        _need(request, Scope.CONFIRM_SIGNATURES)
    campaign = _campaign(slug)
    if not campaign.accepts_signatures:
        raise HttpError(409, "This petition is not taking signatures.")
    person = body.person
    # The same checks as the sign form: the address must be an address, and a ZIP code of
    # military mail needs the signer's state. A split ZIP code without a district counts
    # for the state's senators, as a signer's "I'm not sure" does.
    address = (
        person.postal_addresses[0] if person.postal_addresses else PostalAddress(postal_code="")
    )
    form = SignatureForm(
        {
            "first_name": person.given_name,
            "last_name": person.family_name,
            "email": person.email_addresses[0].address if person.email_addresses else "",
            "zip_code": address.postal_code,
            "home_state": address.region.strip().upper(),
            "district": UNSURE,
            "comment": body.comments,
            "send_updates": body.add_to_updates,
            "email_checked": True,
        }
    )
    if not form.is_valid():
        fields = {name: " ".join(str(e) for e in errors) for name, errors in form.errors.items()}
        return _error(request, 422, "invalid", "The signature is not valid.", fields=fields)
    if form.question:
        return _error(
            request,
            422,
            "invalid",
            "The signature is not valid.",
            fields={
                "postal_addresses": "This ZIP code is military mail: give the state where "
                "the signer votes as region."
            },
        )
    data = form.signature_data()
    outcome = sign_petition(
        campaign=campaign,
        door=Door.API,
        # The token is the sender: its signatures are rate-limited as one visitor's are.
        proof=Proof(sender=hash_ip(f"api:{request.auth.pk}")),  # type: ignore[attr-defined]
        confirmed=body.confirmed,
        **data,
    )
    del outcome  # the reply must not depend on it (see below)
    # The same reply whether the address had signed before or not, as on the site: the
    # address's owner gets an email, the caller learns nothing about them.
    return api.create_response(
        request,
        {
            "status": "confirmed" if body.confirmed else "pending_confirmation",
            "_links": {"osdi:petition": _href("petition", campaign.slug)},
        },
        status=202,
    )
