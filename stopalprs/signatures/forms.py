from __future__ import annotations

from typing import Any, cast

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from stopalprs.actions.identity import suggest_email
from stopalprs.lawmakers.models import Legislator, ZipCode
from stopalprs.lawmakers.services import split_district, zip_code
from stopalprs.lawmakers.states import STATE_CHOICES
from stopalprs.lib import zipcodes
from stopalprs.lib.widgets import CountedTextarea

COMMENT_MAX = 500
# The split-ZIP answer of a signer who does not know their district.
UNSURE = "unsure"


class SignatureForm(forms.Form):
    first_name = forms.CharField(
        label=_("First name"),
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )
    last_name = forms.CharField(
        label=_("Last name"),
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
    )
    email = forms.EmailField(
        label=_("Email"),
        max_length=254,
        help_text=_("We email you a link to confirm your signature."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    zip_code = forms.CharField(
        label=_("ZIP code"),
        max_length=10,
        help_text=_("Five digits. It tells us who your lawmakers are."),
        widget=forms.TextInput(
            attrs={"autocomplete": "postal-code", "inputmode": "numeric", "size": "10"}
        ),
    )
    # Asked only when the ZIP code needs it (see __init__): hidden and ignored otherwise, so a
    # value left over from another ZIP code never makes the form fail.
    district = forms.CharField(required=False, max_length=10, widget=forms.HiddenInput)
    home_state = forms.CharField(required=False, max_length=2, widget=forms.HiddenInput)
    comment = forms.CharField(
        label=_("Comment (optional)"),
        max_length=COMMENT_MAX,
        required=False,
        widget=CountedTextarea(limit=COMMENT_MAX, attrs={"rows": 3}),
    )
    share_name = forms.BooleanField(
        label=_(
            "Share my name, ZIP code and comment with my lawmakers when the petition is delivered"
        ),
        required=False,
    )
    send_updates = forms.BooleanField(
        label=_("Send me updates about this campaign"), required=False
    )
    # Bots fill every field; people never see this one (hidden by CSS, skipped by keyboard).
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    # The proof-of-work solution, filled in by our script when JavaScript runs.
    altcha = forms.CharField(required=False, max_length=2000, widget=forms.HiddenInput)
    # Set once the signer has seen a "did you mean …?" suggestion and kept their address.
    email_checked = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.place: ZipCode | None = None
        # The follow-up question this ZIP code needs and the signer has not answered yet
        # ("district" or "home_state"): asked as a question (200, no error), not an error.
        self.question = ""
        if self.is_bound:
            self.place = zip_code(self.data.get("zip_code", ""))
        # New fields, not changed copies of the shared ones (see _SharedFields). A
        # ChoiceField hands its choices to the widget it is built with.
        if self.place and len(self.place.district_list) > 1:
            self.fields["district"] = forms.ChoiceField(
                label=_(
                    "Your ZIP code is in more than one congressional district. Which one is yours?"
                ),
                choices=[*_district_choices(self.place.district_list), (UNSURE, _("I'm not sure"))],
                required=False,
                widget=forms.RadioSelect,
                help_text=_(
                    "If you are not sure, we count you for your state's senators "
                    "and for no single House member."
                ),
            )
        elif self.place and self.place.needs_state:
            self.fields["home_state"] = forms.ChoiceField(
                label=_("Which state do you vote in?"),
                choices=STATE_CHOICES,
                required=False,
                help_text=_(
                    "Military and overseas mail has no state of its own: tell us "
                    "where you are registered to vote, so we reach your lawmakers."
                ),
            )

    # Collapse runs of spaces in names, which people paste from elsewhere.
    def clean_first_name(self) -> str:
        return " ".join(self.cleaned_data["first_name"].split())

    def clean_last_name(self) -> str:
        return " ".join(self.cleaned_data["last_name"].split())

    def clean_zip_code(self) -> str:
        raw = self.cleaned_data["zip_code"]
        if zipcodes.normalize(raw) is None:
            raise forms.ValidationError(_("Enter a five-digit ZIP code, like 94110."))
        if self.place is None:
            raise forms.ValidationError(_("We can't find that ZIP code. Please check it."))
        return self.place.zip

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        email = cleaned.get("email", "")
        suggestion = suggest_email(email) if email else None
        if suggestion and not cleaned.get("email_checked"):
            # Asked once: sending the form again keeps the address as typed.
            data = cast(QueryDict, self.data).copy()
            data["email_checked"] = "on"
            self.data = data
            self.add_error(
                "email",
                _(
                    "Did you mean %(suggestion)s? Correct it, or send the form again to keep "
                    "%(email)s."
                )
                % {"suggestion": suggestion, "email": email},
            )
        place = self.place
        if place is None or "zip_code" not in cleaned:
            return cleaned
        # An answer outside the choices is refused by the ChoiceField itself; no answer yet
        # is the question still open.
        if (
            len(place.district_list) > 1
            and not cleaned.get("district")
            and "district" not in self.errors
        ):
            self.question = "district"
        elif (
            place.needs_state and not cleaned.get("home_state") and "home_state" not in self.errors
        ):
            self.question = "home_state"
        return cleaned

    @property
    def asks_question(self) -> bool:
        """Valid but for one follow-up question (see ``question``): ask it, store nothing."""
        return self.is_valid() and bool(self.question)

    def signature_data(self) -> dict[str, Any]:
        """What ``sign_petition`` needs, once the form is valid."""
        data = self.cleaned_data
        if self.place is None:
            raise ValueError("signature_data() needs a valid form")
        districts = self.place.district_list
        if len(districts) > 1:
            # "I'm not sure": counted for the state's senators and no single House member.
            district = "" if data["district"] == UNSURE else data["district"]
        else:
            district = districts[0] if districts else ""
        state = data["home_state"] if self.place.needs_state else self.place.state
        return {
            "first_name": data["first_name"],
            "last_name": data["last_name"],
            "email": data["email"],
            "zip_code": data["zip_code"],
            "state": state,
            "district": district,
            "comment": data["comment"],
            "share_name": data["share_name"],
            "send_updates": data["send_updates"],
        }


class _SharedFields(dict[str, forms.Field]):
    """The sign form's fields, shared by every form instead of deep-copied into each.

    Django deep-copies a form's fields for every instance, so that one instance may change
    its own; that copy was most of the cost of building the sign form, on every signature
    (docs/performance.md). Nothing changes these fields but ``SignatureForm.__init__``, which
    copies a field before changing it."""

    def __deepcopy__(self, memo: dict[int, Any]) -> dict[str, forms.Field]:
        return dict(self)


SignatureForm.base_fields = _SharedFields(SignatureForm.base_fields)


def _district_choices(districts: list[str]) -> list[tuple[str, str]]:
    """ "CA-11 (Rep. Nancy Pelosi)": a name helps people recognise their district."""
    members = {
        f"{m.state}-{m.district}": m.name
        for m in Legislator.objects.filter(
            chamber=Legislator.Chamber.HOUSE, state__in={d.split("-")[0] for d in districts}
        )
    }
    choices = []
    for code in districts:
        seat = split_district(code)
        key = f"{seat[0]}-{seat[1]}" if seat else code
        name = members.get(key)
        choices.append((code, f"{code} ({_('Rep.')} {name})" if name else code))
    return choices
