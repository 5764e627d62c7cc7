"""The fights as open data: facts, decision makers and their public stances, meetings, and
counts of what people did (never who). The same in every language."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from stopalprs.fights import services
from stopalprs.fights.models import Fight, Meeting
from stopalprs.lib.http import absolute_url


def _day(value: Any) -> str | None:
    return value.isoformat() if value else None


def _meeting(meeting: Meeting) -> dict[str, Any]:
    return {
        "id": meeting.pk,
        "url": absolute_url(meeting.get_absolute_url()),
        "body": meeting.body,
        "starts_at": meeting.local_start.isoformat(),
        "time_zone": meeting.fight.time_zone,
        "location": meeting.location,
        "remote_url": meeting.remote_url,
        "agenda_url": meeting.agenda_url,
        "item_number": meeting.item_number,
        "on_the_table": meeting.item,
        "vote_expected": meeting.is_vote,
        "public_comment": {
            "email": meeting.comment_email,
            "portal_url": meeting.comment_portal_url,
            "deadline": meeting.local_deadline.isoformat() if meeting.local_deadline else None,
            "word_limit": meeting.word_limit,
            "read_aloud": meeting.read_aloud,
            "how_to_speak": meeting.speak_signup,
        },
    }


def one(fight: Fight) -> dict[str, Any]:
    counts = services.counts(fight)
    now = timezone.now()
    return {
        "slug": fight.slug,
        "url": absolute_url(fight.get_absolute_url()),
        "place": {
            "name": fight.jurisdiction.name,
            "state": fight.jurisdiction.state,
            "kind": fight.jurisdiction.kind,
        },
        "status": fight.status,
        "summary": fight.summary,
        "local_group": {"name": fight.group_name, "contact": fight.group_contact},
        "contracts": [
            {
                "vendor": c.vendor,
                "amount": c.amount,
                "cameras": c.cameras,
                "starts_on": _day(c.starts_on),
                "ends_on": _day(c.ends_on),
                "renewal_on": _day(c.renewal_on),
                "notice_by": _day(c.notice_by),
                "data_sharing": c.data_sharing,
                "termination": c.termination,
                "source_url": c.source_url,
            }
            for c in fight.contracts.all()
        ],
        "decision_makers": [
            {
                "name": member.name,
                "role": member.role,
                "seat": member.seat,
                "votes": member.votes,
                "email": member.email,
                "phone": member.phone,
                "web_form": member.web_form,
                "term_ends": _day(member.term_ends),
                "stance": (
                    {
                        "position": stance.position,
                        "as_of": stance.as_of.isoformat(),
                        "source": stance.source,
                        "source_url": stance.source_url,
                    }
                    if stance
                    else None
                ),
            }
            for member, stance in services.board(fight)
        ],
        "upcoming_meetings": [_meeting(m) for m in fight.meetings.filter(starts_at__gte=now)],
        "outcomes": [
            {
                "decision": o.decision,
                "decided_on": o.decided_on.isoformat(),
                "source_url": o.source_url,
                "votes": {v.decision_maker.name: v.choice for v in o.votes.all()},
            }
            for o in fight.outcomes.all()
        ],
        "counts": {
            "comments": counts.comments,
            "comments_delivered": counts.comments_delivered,
            "portal_handoffs": counts.portal_handoffs,
            "petition_signatures_inside": counts.signatures_inside,
            "petition_signatures_outside": counts.signatures_outside,
            "contacts": counts.contacts,
        },
    }


def everything() -> dict[str, Any]:
    fights = [services.fight_page(f.slug) for f in services.public_fights()]
    return {"fights": [one(f) for f in fights if f is not None]}
