"""Our records in OSDI 1.1's shapes (petition, signature, person, form, submission, tag).

Shared by the API and the outgoing webhooks, so a receiver sees one format either way, and
below both: pure functions of the records they are given (the models are named for types
only), so neither layer depends on the other. Every function that can show a person takes
``personal``: without it, only what the public count already says (ZIP code, state) leaves.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.urls import reverse

from stopalprs.lib.http import absolute_url

if TYPE_CHECKING:
    from stopalprs.campaigns.models import Campaign
    from stopalprs.organizing.models import Organizer, Tag
    from stopalprs.signatures.models import Signature

ORIGIN = "stopalprs"
# The one OSDI form we have: the organizer intake at /organize/.
ORGANIZER_FORM = "organizer"


def href(name: str, *args: object) -> dict[str, str]:
    return {"href": absolute_url(reverse(f"api:{name}", args=args))}


def _date(value: Any) -> str | None:
    return value.isoformat() if value else None


def petition(campaign: Campaign, *, total_signatures: int) -> dict[str, Any]:
    return {
        "identifiers": [f"{ORIGIN}:{campaign.slug}"],
        "origin_system": ORIGIN,
        "title": campaign.title,
        "description": campaign.summary,
        "petition_text": campaign.ask,
        "total_signatures": total_signatures,
        "status": campaign.state,
        "browser_url": absolute_url(campaign.get_absolute_url()),
        "created_date": _date(campaign.created_at),
        "modified_date": _date(campaign.updated_at),
        "_links": {
            "self": href("petition", campaign.slug),
            "osdi:signatures": href("signatures", campaign.slug),
            "osdi:record_signature_helper": href("record_signature", campaign.slug),
        },
    }


def _postal(zip_code: str, state: str, city: str = "") -> dict[str, Any]:
    address: dict[str, Any] = {"postal_code": zip_code, "region": state, "country": "US"}
    if city:
        address["locality"] = city
    return address


def _named(index: str, *, given: str, family: str, email: str, subscribed: bool) -> dict[str, Any]:
    """The fields of a person that name them (only with ``personal``)."""
    return {
        "identifiers": [f"{ORIGIN}:person:{index}"],
        "given_name": given,
        "family_name": family,
        "email_addresses": [
            {
                "address": email,
                "primary": True,
                "status": "subscribed" if subscribed else "unsubscribed",
            }
        ],
        "_links": {"self": href("person", index)},
    }


def person_from_signature(signature: Signature, *, personal: bool) -> dict[str, Any]:
    person: dict[str, Any] = {
        "postal_addresses": [_postal(signature.zip_code, signature.state)],
        "languages_spoken": [signature.language],
    }
    if personal and signature.email_index:
        person.update(
            _named(
                signature.email_index,
                given=signature.first_name,
                family=signature.last_name,
                email=signature.email,
                subscribed=signature.send_updates,
            )
        )
    return person


def signature(sig: Signature, *, personal: bool) -> dict[str, Any]:
    """``sig.campaign`` should be loaded with it (select_related)."""
    body: dict[str, Any] = {
        "identifiers": [identifier(sig.public_id)],
        "origin_system": ORIGIN,
        "created_date": _date(sig.created_at),
        "modified_date": _date(sig.confirmed_at or sig.created_at),
        "confirmed_date": _date(sig.confirmed_at),
        "status": sig.status,
        "source": sig.source,
        "congressional_district": sig.district,
        "_links": {"osdi:petition": href("petition", sig.campaign.slug)},
        "_embedded": {"osdi:person": person_from_signature(sig, personal=personal)},
    }
    if personal:
        body["comments"] = sig.comment
        if sig.email_index:
            body["_links"]["osdi:person"] = href("person", sig.email_index)
    return body


def _split_name(name: str) -> tuple[str, str]:
    given, _, family = name.strip().rpartition(" ")
    return (given, family) if given else (family, "")


def person_from_organizer(organizer: Organizer, *, personal: bool) -> dict[str, Any]:
    person: dict[str, Any] = {
        "postal_addresses": [_postal(organizer.zip_code, organizer.state, organizer.city)],
        "languages_spoken": [organizer.language],
    }
    if personal:
        given, family = _split_name(organizer.name)
        person.update(
            _named(
                organizer.email_index,
                given=given,
                family=family,
                email=organizer.email,
                subscribed=organizer.send_updates,
            )
        )
        if organizer.phone:
            person["phone_numbers"] = [{"number": organizer.phone, "primary": True}]
    return person


def submission(organizer: Organizer, *, personal: bool) -> dict[str, Any]:
    """An organizer intake as an OSDI submission to the organizer form."""
    body: dict[str, Any] = {
        "identifiers": [identifier(organizer.public_id)],
        "origin_system": ORIGIN,
        "created_date": _date(organizer.created_at),
        "modified_date": _date(organizer.last_activity_at),
        "confirmed_date": _date(organizer.confirmed_at),
        # Our own fields, as Action Network carries them: custom fields of the submission.
        "custom_fields": {
            "role": organizer.role,
            "city_uses_alpr": organizer.uses_alpr,
            "vendor": organizer.vendor,
            "contract_stage": organizer.stage,
            "help_wanted": ", ".join(organizer.help_wanted),
        },
        "_links": {"osdi:form": href("form", ORGANIZER_FORM)},
        "_embedded": {"osdi:person": person_from_organizer(organizer, personal=personal)},
    }
    if personal:
        body["custom_fields"]["organization"] = organizer.organization
        body["tags"] = sorted(tag.name for tag in organizer.tags.all())
        body["_links"]["osdi:person"] = href("person", organizer.email_index)
    return body


def form(total_submissions: int) -> dict[str, Any]:
    return {
        "identifiers": [f"{ORIGIN}:form:{ORGANIZER_FORM}"],
        "origin_system": ORIGIN,
        "title": "Organize against license plate readers in your city",
        "total_submissions": total_submissions,
        "browser_url": absolute_url(reverse("organizing:intake")),
        "_links": {
            "self": href("form", ORGANIZER_FORM),
            "osdi:submissions": href("submissions", ORGANIZER_FORM),
        },
    }


def gone(identifiers: list[str]) -> dict[str, Any]:
    """Records erased or withdrawn: only their identifiers, for a receiver to delete its
    copies by (random ids that name no one)."""
    return {"identifiers": identifiers, "origin_system": ORIGIN}


def identifier(public_id: object) -> str:
    return f"{ORIGIN}:{public_id}"


def tag(item: Tag) -> dict[str, Any]:
    return {
        "identifiers": [f"{ORIGIN}:tag:{item.pk}"],
        "origin_system": ORIGIN,
        "name": item.name,
        "_links": {"self": href("tag", item.pk)},
    }
