from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from stopalprs.lawmakers.models import ZipCode
from stopalprs.lawmakers.services import zip_code
from stopalprs.lawmakers.states import STATE_CHOICES
from stopalprs.lib import zipcodes
from stopalprs.lib.widgets import CountedTextarea
from stopalprs.organizing.models import Help, Role, Stage, UsesAlpr, Vendor


class IntakeForm(forms.Form):
    name = forms.CharField(
        label=_("Your name"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    email = forms.EmailField(
        label=_("Email"), max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    phone = forms.CharField(
        label=_("Phone (optional)"),
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    city = forms.CharField(
        label=_("City or town"),
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "address-level2"}),
    )
    state = forms.ChoiceField(label=_("State"), choices=STATE_CHOICES)
    zip_code = forms.CharField(
        label=_("ZIP code"),
        max_length=10,
        widget=forms.TextInput(attrs={"autocomplete": "postal-code", "inputmode": "numeric"}),
    )
    organization = forms.CharField(
        label=_("Organization (optional)"), max_length=200, required=False
    )
    role = forms.ChoiceField(
        label=_("Which describes you best?"), choices=Role.choices, widget=forms.RadioSelect
    )
    uses_alpr = forms.ChoiceField(
        label=_("Does your city use license plate readers?"),
        choices=UsesAlpr.choices,
        widget=forms.RadioSelect,
    )
    vendor = forms.ChoiceField(
        label=_("Which company?"),
        choices=Vendor.choices,
        initial=Vendor.UNSURE,
        widget=forms.RadioSelect,
    )
    stage = forms.ChoiceField(
        label=_("Where does the contract stand?"),
        choices=Stage.choices,
        initial=Stage.UNKNOWN,
        widget=forms.RadioSelect,
    )
    help_wanted = forms.MultipleChoiceField(
        label=_("What help would be useful?"),
        choices=Help.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    message = forms.CharField(
        label=_("Anything else we should know? (optional)"),
        max_length=2000,
        required=False,
        widget=CountedTextarea(limit=2000, attrs={"rows": 4}),
    )
    wants_intro = forms.BooleanField(
        label=_(
            "Introduce me to other organizers near me (we share your name and email only "
            "with others who also ask to be introduced)"
        ),
        required=False,
    )
    send_updates = forms.BooleanField(label=_("Send me updates"), required=False)

    def clean_zip_code(self) -> str:
        raw = self.cleaned_data["zip_code"]
        if zipcodes.normalize(raw) is None:
            raise forms.ValidationError(_("Enter a five-digit ZIP code, like 94110."))
        place: ZipCode | None = zip_code(raw)
        if place is None:
            raise forms.ValidationError(_("We can't find that ZIP code. Please check it."))
        return place.zip

    def clean_city(self) -> str:
        return " ".join(self.cleaned_data["city"].split())

    def clean_name(self) -> str:
        return " ".join(self.cleaned_data["name"].split())
