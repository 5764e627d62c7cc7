from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from stopalprs.lawmakers.states import STATE_CHOICES
from stopalprs.watch.models import CrowdReport


class CrowdReportForm(forms.ModelForm):
    state = forms.ChoiceField(label=_("State"), choices=STATE_CHOICES)
    # Bots fill every field; people never see this one.
    website = forms.CharField(
        required=False, max_length=200, label=_("Leave this field empty"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )  # fmt: skip

    class Meta:
        model = CrowdReport
        fields = ["city", "state", "kind", "date", "description", "source_url"]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}),
            "description": forms.Textarea(attrs={"rows": 3, "maxlength": "1000"}),
            "kind": forms.RadioSelect,
        }
