from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from stopalprs.lib import zipcodes

COMMENT_MAX = 500


class SignatureForm(forms.Form):
    first_name = forms.CharField(
        label=_("First name"), max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )  # fmt: skip
    last_name = forms.CharField(
        label=_("Last name"), max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
    )  # fmt: skip
    email = forms.EmailField(
        label=_("Email"), max_length=254,
        help_text=_("We email you a link to confirm your signature."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )  # fmt: skip
    zip_code = forms.CharField(
        label=_("ZIP code"), max_length=10,
        help_text=_("Five digits. It tells us who your lawmakers are."),
        widget=forms.TextInput(
            attrs={"autocomplete": "postal-code", "inputmode": "numeric", "size": "10"}
        ),
    )  # fmt: skip
    comment = forms.CharField(
        label=_("Comment (optional)"), max_length=COMMENT_MAX, required=False,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": str(COMMENT_MAX)}),
    )  # fmt: skip
    send_updates = forms.BooleanField(
        label=_("Send me updates about this campaign"), required=False
    )

    def clean_zip_code(self) -> str:
        raw = self.cleaned_data["zip_code"]
        if zipcodes.normalize(raw) is None:
            raise forms.ValidationError(_("Enter a five-digit ZIP code, like 94110."))
        if zipcodes.lookup(raw) is None:
            raise forms.ValidationError(_("We can't find that ZIP code. Please check it."))
        return zipcodes.normalize(raw) or ""

    # Collapse runs of spaces in names, which people paste from elsewhere.
    def clean_first_name(self) -> str:
        return " ".join(self.cleaned_data["first_name"].split())

    def clean_last_name(self) -> str:
        return " ".join(self.cleaned_data["last_name"].split())
