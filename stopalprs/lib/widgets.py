"""Form widgets shared by every app's forms."""

from __future__ import annotations

from typing import Any

from django import forms


class CountedTextarea(forms.Textarea):
    """A textarea that says its limit and never cuts what the person wrote.

    A ``maxlength`` attribute makes the browser drop whatever is typed or pasted past the limit,
    without a word. This widget leaves the text whole: the page shows the limit (and, with our
    script, a running count), and the form's own length check says by how much it is over.
    """

    def __init__(
        self, *, limit: int, attrs: dict[str, Any] | None = None, unit: str = "characters"
    ) -> None:
        super().__init__(attrs)
        self.limit = limit
        self.unit = unit  # "characters" or "words" (a city's word limit)

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        widget_attrs = context["widget"]["attrs"]
        widget_attrs.pop("maxlength", None)  # added by CharField.widget_attrs
        widget_attrs["data-limit"] = str(self.limit)
        widget_attrs["data-unit"] = self.unit
        return context
