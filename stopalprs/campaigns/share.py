"""Share links as plain URLs: no third-party script, button image or iframe in our pages.

Each shared URL carries ``?s=<channel>`` so a campaign can later count arrivals per channel,
never per person.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote, urlencode

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from stopalprs.campaigns.models import Campaign
from stopalprs.lib.http import absolute_url

# Every channel our pages hand out a link for ("copy" is the copy-link button, "webshare" the
# phone's own share sheet); an arriving ``?s=`` outside this set is ignored.
CHANNELS = (
    "email",
    "sms",
    "whatsapp",
    "bluesky",
    "mastodon",
    "x",
    "facebook",
    "copy",
    "webshare",
)


def channel_from(value: str | None) -> str:
    return value if value in CHANNELS else ""


@dataclass(frozen=True)
class ShareLink:
    channel: str
    label: str | Promise
    url: str


def share_url(campaign: Campaign, channel: str) -> str:
    return f"{absolute_url(campaign.get_absolute_url())}?{urlencode({'s': channel})}"


def share_links(campaign: Campaign) -> list[ShareLink]:
    text = campaign.share_text or campaign.title

    def page(channel: str) -> str:
        return share_url(campaign, channel)

    def message(channel: str) -> str:
        return f"{text} {page(channel)}"

    return [
        ShareLink(
            "email",
            _("Email"),
            f"mailto:?subject={quote(campaign.title)}&body={quote(message('email'))}",
        ),
        ShareLink("sms", _("Text message"), f"sms:?&body={quote(message('sms'))}"),
        ShareLink("whatsapp", _("WhatsApp"), f"https://wa.me/?text={quote(message('whatsapp'))}"),
        ShareLink(
            "bluesky",
            _("Bluesky"),
            f"https://bsky.app/intent/compose?text={quote(message('bluesky'))}",
        ),
        ShareLink(
            "mastodon",
            _("Mastodon"),
            # Mastodon has no central site: our own page asks which server to share from.
            f"/share/mastodon/?{urlencode({'text': message('mastodon')})}",
        ),
        ShareLink(
            "x",
            _("X"),
            f"https://x.com/intent/post?{urlencode({'text': text, 'url': page('x')})}",
        ),
        ShareLink(
            "facebook",
            _("Facebook"),
            f"https://www.facebook.com/sharer/sharer.php?{urlencode({'u': page('facebook')})}",
        ),
    ]
