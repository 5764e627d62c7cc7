from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class PersonSearchForm(forms.Form):
    email = forms.EmailField(label=_("Exact email address"), max_length=254)
