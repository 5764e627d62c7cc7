"""Markdown written by staff, rendered to HTML that is safe to put in a page."""

from __future__ import annotations

from functools import lru_cache

import markdown as md
import nh3
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = {
    "a",
    "abbr",
    "blockquote",
    "br",
    "code",
    "em",
    "h2",
    "h3",
    "h4",
    "hr",
    "li",
    "ol",
    "p",
    "pre",
    "strong",
    "ul",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}}


# Memoized: a campaign page is rendered again every few seconds in every process, and its
# Markdown (which changes only when staff edit it) was most of the cost.
@lru_cache(maxsize=256)
def render(text: str) -> SafeString:
    html = md.markdown(text, extensions=["sane_lists"], output_format="html")
    # nh3 (ammonia) strips scripts, event handlers, javascript: URLs and any tag not listed;
    # link_rel keeps linked sites from learning where their visitors came from.
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )
    return mark_safe(clean)  # noqa: S308 - sanitized by nh3 just above
