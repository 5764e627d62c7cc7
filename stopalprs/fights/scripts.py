"""What to say to a decision maker, worded by where they stand (in the page's language)."""

from __future__ import annotations

from urllib.parse import quote

from django.utils.translation import gettext as _

from stopalprs.fights.models import DecisionMaker, Stance


def script(member: DecisionMaker, stance: Stance | None) -> str:
    words = {"p": member.fight.jurisdiction.name, "n": member.name}
    position = stance.position if stance else Stance.Position.UNKNOWN
    if position == Stance.Position.OPPOSES:
        text = _(
            "Hello, my name is ___ and I live in %(p)s. Thank you, %(n)s, for standing against "
            "the license plate reader contract. Please keep voting to end it and to delete the "
            "data it collected."
        )
    elif position in {Stance.Position.SUPPORTS, Stance.Position.LEANING_YES}:
        text = _(
            "Hello, my name is ___ and I live in %(p)s. %(n)s, I ask you to reconsider the "
            "license plate reader contract: it records where every driver goes and shares it "
            "beyond our city. Please vote no on renewing it."
        )
    else:
        text = _(
            "Hello, my name is ___ and I live in %(p)s. %(n)s, I ask you to vote no on the "
            "license plate reader contract. Tracking every car that drives by is not public "
            "safety, and our data should not sit on a private company's servers."
        )
    return text % words


def mailto(member: DecisionMaker) -> str:
    """A ``mailto:`` with a subject and the script as the body, for the person to edit."""
    subject = _("The license plate reader contract")
    body = script(member, member.stance)
    return f"mailto:{member.email}?subject={quote(subject)}&body={quote(body)}"
