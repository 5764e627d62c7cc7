from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from stopalprs.lawmakers.states import STATE_CHOICES
from stopalprs.lib.widgets import CountedTextarea
from stopalprs.watch.models import CrowdReport, RecordsRequest


class CrowdReportForm(forms.ModelForm):
    state = forms.ChoiceField(label=_("State"), choices=STATE_CHOICES)
    # Bots fill every field; people never see this one.
    website = forms.CharField(
        required=False,
        max_length=200,
        label=_("Leave this field empty"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    class Meta:
        model = CrowdReport
        fields = ["city", "state", "kind", "date", "description", "source_url"]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}),
            "description": CountedTextarea(limit=1000, attrs={"rows": 3}),
            "kind": forms.RadioSelect,
        }

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        # No blank "Select an option" radio: as a pre-selected choice it made an untouched
        # form fail, and it is no answer to "what happened?".
        kind = self.fields["kind"]
        assert isinstance(kind, forms.ChoiceField)  # noqa: S101 - narrows the type
        kind.choices = CrowdReport.Kind.choices


class LetterForm(forms.Form):
    agency = forms.CharField(
        label=_("Agency (for example: Springfield Police Department)"), max_length=200
    )
    state = forms.ChoiceField(label=_("State"), choices=STATE_CHOICES)
    sent_on = forms.DateField(
        label=_("Date you send it"), widget=forms.DateInput(attrs={"type": "date"})
    )


class TrackForm(LetterForm):
    email = forms.EmailField(
        label=_("Your email, for a reminder before the deadline"), max_length=254
    )


class AnswerForm(forms.Form):
    status = forms.ChoiceField(label=_("What happened?"), choices=RecordsRequest.Status.choices)
    answered_on = forms.DateField(
        label=_("When"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    notes = forms.CharField(
        label=_("Notes (only you can see them)"),
        required=False,
        max_length=4000,
        widget=CountedTextarea(limit=4000, attrs={"rows": 3}),
    )


class FollowForm(forms.Form):
    email = forms.EmailField(label=_("Your email"), max_length=254)
