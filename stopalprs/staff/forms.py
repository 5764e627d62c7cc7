from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from stopalprs.api.models import Scope
from stopalprs.campaigns.models import TRANSLATABLE_FIELDS, Campaign
from stopalprs.signatures import crm
from stopalprs.signatures.models import PaperBatch
from stopalprs.updates.models import Update
from stopalprs.webhooks.models import Event


class PersonSearchForm(forms.Form):
    email = forms.EmailField(label=_("Exact email address"), max_length=254)


# --- Campaigns -------------------------------------------------------------------------------

# Spanish text beside each English field; stored in Campaign.translations["es"].
SECOND_LANGUAGE = "es"


class CampaignForm(forms.ModelForm):
    """A campaign's settings with its English and Spanish text side by side."""

    class Meta:
        model = Campaign
        fields = [
            "title",
            "slug",
            "summary",
            "ask",
            "body",
            "share_text",
            "thank_you_text",
            "goal",
            "state",
            "opens_at",
            "closes_at",
            "target_house",
            "target_senate",
            "target_state_legislature",
        ]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 2}),
            "ask": forms.Textarea(attrs={"rows": 4}),
            "body": forms.Textarea(attrs={"rows": 12}),
            "thank_you_text": forms.Textarea(attrs={"rows": 4}),
            "opens_at": forms.DateTimeInput(attrs={"type": "datetime-local"}),
            "closes_at": forms.DateTimeInput(attrs={"type": "datetime-local"}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        translated = (self.instance.translations or {}).get(SECOND_LANGUAGE, {})
        for name in TRANSLATABLE_FIELDS:
            if name not in self.fields:
                continue
            english = self.fields[name]
            self.fields[f"{name}_{SECOND_LANGUAGE}"] = forms.CharField(
                label=f"{english.label} (español)",
                required=False,
                max_length=getattr(english, "max_length", None),
                widget=type(english.widget)(attrs=dict(english.widget.attrs)),
                initial=translated.get(name, ""),
            )
        # "Won" is declared with its own button, which also tells the supporters.
        state = self.fields["state"]
        assert isinstance(state, forms.ChoiceField)  # noqa: S101 - narrows the type
        if self.instance.state != Campaign.State.WON:
            state.choices = [c for c in Campaign.State.choices if c[0] != Campaign.State.WON]

    def pairs(self) -> list[tuple[forms.BoundField, forms.BoundField | None]]:
        """Each field with its Spanish twin (if it has one), for the side-by-side layout."""
        return [
            (self[name], self[f"{name}_{SECOND_LANGUAGE}"] if name in TRANSLATABLE_FIELDS else None)
            for name in self.Meta.fields
        ]

    def clean_slug(self) -> str:
        slug: str = self.cleaned_data["slug"]
        if slug in RESERVED_SLUGS:
            raise forms.ValidationError(_("This address is used by the site itself."))
        return slug

    def translations(self) -> dict[str, dict[str, str]]:
        text = {
            name: self.cleaned_data[f"{name}_{SECOND_LANGUAGE}"].strip()
            for name in TRANSLATABLE_FIELDS
            if f"{name}_{SECOND_LANGUAGE}" in self.cleaned_data
        }
        merged = dict(self.instance.translations or {})
        merged[SECOND_LANGUAGE] = {
            **merged.get(SECOND_LANGUAGE, {}),
            **text,
        }
        return merged


RESERVED_SLUGS = {"new", "preview"}


class VictoryForm(forms.Form):
    message = forms.CharField(
        label=_("Victory message (Markdown)"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Replaces the sign form on the campaign page."),
    )
    message_es = forms.CharField(
        label=_("Victory message in Spanish (Markdown)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    subject = forms.CharField(label=_("Email subject"), max_length=200)
    notify = forms.BooleanField(
        label=_("Email the confirmed signers who asked for updates"),
        required=False,
        initial=True,
    )


# --- Updates ---------------------------------------------------------------------------------


class UpdateForm(forms.ModelForm):
    """An update in English (required) and in Spanish (optional, but whole: subject and
    message), stored in Update.translations["es"]."""

    subject_es = forms.CharField(label="Subject (español)", max_length=200, required=False)
    body_es = forms.CharField(
        label="Message (español)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text="Markdown. Leave both Spanish fields empty to send everyone the English text.",
    )

    class Meta:
        model = Update
        fields = ["audience", "campaign", "state", "district", "subject", "body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 12})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        spanish = (self.instance.translations or {}).get(SECOND_LANGUAGE, {})
        self.fields["subject_es"].initial = spanish.get("subject", "")
        self.fields["body_es"].initial = spanish.get("body", "")

    def save(self, commit: bool = True) -> Update:
        update: Update = super().save(commit=False)
        translations = dict(update.translations or {})
        subject, body = self.cleaned_data["subject_es"], self.cleaned_data["body_es"]
        if body:
            translations[SECOND_LANGUAGE] = {"subject": subject, "body": body}
        else:
            translations.pop(SECOND_LANGUAGE, None)
        update.translations = translations
        if commit:
            update.save()
        return update

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data["subject_es"] = (data.get("subject_es") or "").strip()
        data["body_es"] = (data.get("body_es") or "").strip()
        if data["subject_es"] and not data["body_es"]:
            self.add_error("body_es", _("Write the Spanish message too, or leave both empty."))
        if data["body_es"] and not data["subject_es"]:
            self.add_error("subject_es", _("Write the Spanish subject too, or leave both empty."))
        if data.get("audience") == Update.Audience.SIGNERS and not data.get("campaign"):
            self.add_error("campaign", _("Choose the campaign whose signers get this update."))
        if data.get("audience") == Update.Audience.ORGANIZERS:
            data["campaign"], data["state"], data["district"] = None, "", ""
        data["state"] = (data.get("state") or "").upper()
        data["district"] = (data.get("district") or "").upper()
        return data


# --- Paper signatures ------------------------------------------------------------------------


class PaperBatchForm(forms.ModelForm):
    class Meta:
        model = PaperBatch
        fields = ["event", "collected_on", "consent_text"]
        widgets = {
            "collected_on": forms.DateInput(attrs={"type": "date"}),
            "consent_text": forms.Textarea(attrs={"rows": 3}),
        }


class PaperSignatureForm(forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=100)
    last_name = forms.CharField(label=_("Last name"), max_length=100)
    zip_code = forms.CharField(label=_("ZIP code"), max_length=10)
    email = forms.EmailField(label=_("Email (if written on the sheet)"), required=False)
    state = forms.CharField(
        label=_("State where they vote (military mail only)"), max_length=2, required=False
    )
    district = forms.CharField(
        label=_("Congressional district, e.g. CA-34 (only for a ZIP code split between several)"),
        max_length=6,
        required=False,
    )
    send_updates = forms.BooleanField(
        label=_("The consent line for updates is ticked"), required=False
    )


class PaperImportForm(forms.Form):
    sheet = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "Columns: first_name, last_name, zip_code, and optionally email, "
            "send_updates (yes/no), state (for military mail) and district (CA-34, "
            "for a ZIP code split between districts). UTF-8."
        ),
    )


# --- Integrations ----------------------------------------------------------------------------


class ApiTokenForm(forms.Form):
    name = forms.CharField(max_length=100, help_text="Who or what will use it.")
    scopes = forms.MultipleChoiceField(choices=Scope.choices, widget=forms.CheckboxSelectMultiple)


class WebhookForm(forms.Form):
    name = forms.CharField(max_length=100, help_text="Who receives it (e.g. our CRM).")
    url = forms.URLField(max_length=500, assume_scheme="https", label="Address (https://…)")
    events = forms.MultipleChoiceField(choices=Event.choices, widget=forms.CheckboxSelectMultiple)
    campaign = forms.ModelChoiceField(
        Campaign.objects.all(), required=False, empty_label="Every campaign"
    )
    personal_data = forms.BooleanField(
        required=False,
        label="Include names, email addresses and comments",
        help_text="Otherwise a delivery says only what happened, where (ZIP code, state) and when.",
    )


class CrmImportForm(forms.Form):
    sheet = forms.FileField(
        label="CSV export",
        help_text="An export of your signers from Action Network or ActionKit, UTF-8.",
    )
    layout = forms.ChoiceField(
        choices=[("", "Recognise from the header row")]
        + [(key, layout.label) for key, layout in crm.LAYOUTS.items()],
        required=False,
    )
