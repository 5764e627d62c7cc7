from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class ManageLinkForm(forms.Form):
    email = forms.EmailField(label=_("Your email address"), max_length=254)


class ManageActionForm(forms.Form):
    action = forms.ChoiceField(choices=[(a, a) for a in ("withdraw", "export", "erase", "leave")])
    signature = forms.UUIDField(required=False)

    def clean(self) -> dict[str, object]:
        cleaned = super().clean() or {}
        if cleaned.get("action") == "withdraw" and not cleaned.get("signature"):
            raise forms.ValidationError(_("Choose the signature to withdraw."))
        return cleaned
