from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from stopalprs.fights.comments import word_count
from stopalprs.fights.models import Comment, Meeting, Outcome, Vote
from stopalprs.lib.widgets import CountedTextarea
from stopalprs.lib.zipcodes import ZIP_RE

# A comment with no limit of the city's own still has one of ours.
MAX_WORDS = 1000


class CommentForm(forms.Form):
    position = forms.ChoiceField(
        label=_("Your position"), choices=Comment.Position.choices, widget=forms.RadioSelect
    )
    body = forms.CharField(label=_("Your comment, in your own words"))
    name = forms.CharField(
        label=_("Your name, as it will appear in the public record"), max_length=120
    )
    zip_code = forms.CharField(label=_("ZIP code"), max_length=10, required=False)
    resident = forms.BooleanField(label="", required=False)
    email = forms.EmailField(
        label=_("Email"),
        help_text=_("To confirm your comment and send you its receipt. Never sent to the city."),
        max_length=254,
    )
    consent = forms.BooleanField(label="", required=True)
    website = forms.CharField(
        required=False,
        max_length=200,
        label=_("Leave this field empty"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args: Any, meeting: Meeting, language: str = "en", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.meeting = meeting
        self.limit = meeting.word_limit or MAX_WORDS
        self.fields["body"].widget = CountedTextarea(
            limit=self.limit, unit="words", attrs={"rows": 10}
        )
        self.fields["body"].initial = meeting.starter_in(language)
        self.fields["body"].help_text = _(
            "Start from the local group's text and make it yours: comments in a person's own "
            "words carry more weight."
        )
        place = meeting.fight.jurisdiction.name
        self.fields["resident"].label = _("I live in %(place)s") % {"place": place}
        self.fields["consent"].label = _(
            "Send my comment to %(place)s in my name. I understand that my name, ZIP code and "
            "words become part of the public record."
        ) % {"place": place}
        self.fields["consent"].error_messages["required"] = _(
            "We can only send a comment you agree to make public."
        )
        if meeting.asks_zip:
            self.fields["zip_code"].required = True
        else:
            del self.fields["zip_code"]

    def clean_body(self) -> str:
        body: str = self.cleaned_data["body"].strip()
        words = word_count(body)
        if words > self.limit:
            raise forms.ValidationError(
                ngettext(
                    "%(place)s takes up to %(limit)d words; this is %(over)d word too long.",
                    "%(place)s takes up to %(limit)d words; this is %(over)d words too long.",
                    words - self.limit,
                )
                % {
                    "place": self.meeting.fight.jurisdiction.name,
                    "limit": self.limit,
                    "over": words - self.limit,
                }
            )
        return body

    def clean_zip_code(self) -> str:
        value: str = self.cleaned_data.get("zip_code", "").strip()
        if value and not ZIP_RE.fullmatch(value):
            raise forms.ValidationError(_("Enter a five-digit ZIP code."))
        return value[:5]


class PortalForm(forms.Form):
    """For a city that takes comments only in its own portal: we keep nothing, we only hand
    the finished text back with the portal's link."""

    body = forms.CharField(label=_("Your comment, in your own words"))

    def __init__(self, *args: Any, meeting: Meeting, language: str = "en", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.meeting = meeting
        self.limit = meeting.word_limit or MAX_WORDS
        self.fields["body"].widget = CountedTextarea(
            limit=self.limit, unit="words", attrs={"rows": 10}
        )
        self.fields["body"].initial = meeting.starter_in(language)

    clean_body = CommentForm.clean_body


class OutcomeForm(forms.Form):
    """Staff record what the council decided (staff pages are in English)."""

    decision = forms.ChoiceField(choices=Outcome.Decision.choices)
    decided_on = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    source_url = forms.URLField(max_length=500, help_text="The minutes, a video, a news story.")
    meeting = forms.ModelChoiceField(queryset=Meeting.objects.none(), required=False)
    note = forms.CharField(max_length=300, required=False)
    announce = forms.BooleanField(
        required=False, initial=True, label="Email the result to followers and local signers"
    )

    def __init__(self, *args: Any, fight: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        meeting = self.fields["meeting"]
        assert isinstance(meeting, forms.ModelChoiceField)  # noqa: S101 - narrows the type
        meeting.queryset = fight.meetings.filter(outcome__isnull=True).order_by("-starts_at")
        self.members = list(fight.decision_makers.filter(votes=True))
        for member in self.members:
            self.fields[f"vote_{member.pk}"] = forms.ChoiceField(
                label=f"{member.name} ({member.seat or member.get_role_display()})",
                choices=[("", "not recorded"), *Vote.Choice.choices],
                required=False,
            )

    def votes(self) -> dict[int, str]:
        return {m.pk: self.cleaned_data.get(f"vote_{m.pk}", "") for m in self.members}
