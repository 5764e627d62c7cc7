from __future__ import annotations

import json
from functools import lru_cache

from django.conf import settings
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import get_script_prefix, reverse
from django.utils.translation import get_language
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_safe

from stopalprs.actions.checks import Door, Proof
from stopalprs.actions.senders import hash_ip
from stopalprs.campaigns import services
from stopalprs.campaigns.models import Campaign
from stopalprs.campaigns.share import channel_from, share_links, share_url
from stopalprs.fights.services import fights_near
from stopalprs.lawmakers.services import lawmakers_from_query, place_query, zip_code
from stopalprs.lib.http import client_ip, public_cacheable, same_origin
from stopalprs.lib.markdown import render as render_markdown
from stopalprs.lib.memo import forgettable
from stopalprs.signatures.forms import SignatureForm
from stopalprs.signatures.services import sign_petition
from stopalprs.watch.services import place_status

SLUG_MAX = Campaign._meta.get_field("slug").max_length or 50


def _page_key(slug: str, channel: str = "") -> str:
    # No campaign has a longer slug: refuse before the slug reaches a cache key.
    if len(slug) > SLUG_MAX:
        raise Http404
    return services.page_key(slug, get_language() or "en", get_script_prefix(), channel)


def _public_campaign(slug: str) -> Campaign:
    # Read on every signature, so cached (see services.public_campaign).
    if len(slug) > SLUG_MAX or (campaign := services.public_campaign(slug)) is None:
        raise Http404
    return campaign


def _campaign_page(
    request: HttpRequest,
    campaign: Campaign,
    form: SignatureForm,
    status: int = 200,
    channel: str = "",
) -> HttpResponse:
    """The campaign page. With a blank form it is the same for every visitor (no cookie, no
    per-visitor token), so it is rendered once per language every PAGE_CACHE_SECONDS and
    can be cached by a CDN; with errors it is rendered for this visitor alone."""
    blank = not form.is_bound
    key = _page_key(campaign.slug, channel)
    counts = services.public_counts(campaign)
    campaign = campaign.localized(get_language())
    action = campaign.get_absolute_url() + (f"?s={channel}" if channel else "")
    ctx = {
        "campaign": campaign,
        "body_html": render_markdown(campaign.body),
        "victory_html": render_markdown(campaign.victory_message),
        "form_action": action,
        "form": form,
        "counts": counts,
        "progress": services.progress_percent(campaign, counts),
    }
    response = render(request, "campaigns/campaign_detail.html", ctx, status=status)
    if blank:
        cache.set(key, response.content, settings.PAGE_CACHE_SECONDS)
        public_cacheable(response)
    return response


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    open_campaigns = list(Campaign.objects.open())
    if len(open_campaigns) == 1:
        return _campaign_page(request, open_campaigns[0], SignatureForm())
    campaigns = Campaign.objects.public()
    return render(request, "campaigns/campaign_list.html", {"campaigns": campaigns})


# Signing is not done "as" anyone: there is no session for another site to ride, and the
# emailed confirmation is what makes a signature count. So the form carries no per-visitor
# CSRF token (which would make the page uncacheable); a cross-site POST is still refused by
# its Origin header (see docs/architecture.md, "CSRF and caching").
@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def detail(request: HttpRequest, slug: str) -> HttpResponse:
    channel = channel_from(request.GET.get("s"))
    if request.method != "POST":
        # The hot path of a viral campaign: one cache read, no query.
        if (cached := cache.get(_page_key(slug, channel))) is not None:
            return public_cacheable(HttpResponse(cached))
        return _campaign_page(request, _public_campaign(slug), SignatureForm(), channel=channel)
    campaign = _public_campaign(slug)
    if not same_origin(request):
        return render(request, "403_csrf.html", status=403)
    form = SignatureForm(request.POST)
    if not campaign.accepts_signatures:
        return _campaign_page(request, campaign, form, status=409, channel=channel)
    if not form.is_valid():
        return _campaign_page(request, campaign, form, status=400, channel=channel)
    if form.question:
        # Which district, which state: a question to answer, not a mistake to fix.
        return _campaign_page(request, campaign, form, channel=channel)
    data = form.signature_data()
    sign_petition(
        campaign=campaign,
        language=get_language() or "en",
        door=Door.FORM,
        proof=Proof(
            sender=hash_ip(client_ip(request)),
            honeypot=form.cleaned_data["website"],
            pow_payload=form.cleaned_data["altcha"],
        ),
        channel=channel,
        **data,
    )
    # New signer or not, the reply is the same redirect: nothing shows whether the address
    # had signed before. The district (or state) lets the page name the signer's lawmakers.
    # A plain redirect to the address: shortcuts.redirect() would first try the address as a
    # URL name (a failed reverse() and its exception on every signature).
    return HttpResponseRedirect(
        thanks_url(
            campaign, zip_code=data["zip_code"], state=data["state"], district=data["district"]
        )
    )


def thanks_url(campaign: Campaign, *, zip_code: str, state: str, district: str) -> str:
    query = place_query(zip_code=zip_code, state=state, district=district)
    return f"{_thanks_path(campaign.slug, get_script_prefix())}?{query}"


@lru_cache(maxsize=1024)
def _thanks_path(slug: str, script_prefix: str) -> str:
    # Once per campaign and prefix (/es/…): resolving it anew was 4% of every signature.
    return reverse("campaigns:thanks", args=[slug])


forgettable(_thanks_path.cache_clear)


def _after_page(request: HttpRequest, slug: str, template: str) -> HttpResponse:
    campaign = _public_campaign(slug)
    lawmakers = lawmakers_from_query(campaign, request.GET.dict())
    place = zip_code(lawmakers.zip_code) if lawmakers else None
    counts = services.public_counts(campaign)
    campaign = campaign.localized(get_language())
    ctx = {
        "campaign": campaign,
        "lawmakers": lawmakers,
        "local_contract": place_status(city=place.city, state=place.state) if place else None,
        # The signer's own city first (models read from a higher app, as views may).
        "local_fights": fights_near(city=place.city, state=place.state) if place else [],
        "thank_you_html": render_markdown(campaign.thank_you_text),
        "share_links": share_links(campaign),
        "copy_url": share_url(campaign, "copy"),
        "counts": counts,
    }
    return render(request, template, ctx)


@require_safe
def thanks(request: HttpRequest, slug: str) -> HttpResponse:
    return _after_page(request, slug, "campaigns/campaign_thanks.html")


@require_safe
def confirmed(request: HttpRequest, slug: str) -> HttpResponse:
    return _after_page(request, slug, "campaigns/campaign_confirmed.html")


@require_safe
def open_data(request: HttpRequest, slug: str) -> HttpResponse:
    if len(slug) > SLUG_MAX:
        raise Http404
    key = f"open-data:v1:{slug}"
    body = cache.get(key)
    if body is None:
        body = json.dumps(services.open_data(_public_campaign(slug))).encode()
        cache.set(key, body, settings.COUNT_CACHE_SECONDS)
    response = HttpResponse(body, content_type="application/json")
    response["Access-Control-Allow-Origin"] = "*"  # open data: anyone may build on it
    return public_cacheable(response)


@require_safe
def share_mastodon(request: HttpRequest) -> HttpResponse:
    """Mastodon has no central share URL: ask which server, then send the visitor there."""
    text = request.GET.get("text", "")[:1000]
    server = request.GET.get("server", "").strip().lower().removeprefix("https://").strip("/")
    error = ""
    if server:
        if services.is_plausible_hostname(server):
            return HttpResponseRedirect(f"https://{server}/share?{services.urlencode_text(text)}")
        error = "invalid"
    return render(
        request, "campaigns/share_mastodon.html", {"text": text, "server": server, "error": error}
    )
