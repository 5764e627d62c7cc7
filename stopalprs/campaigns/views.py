from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.views.decorators.http import require_http_methods, require_safe

from stopalprs.campaigns import services
from stopalprs.campaigns.models import Campaign
from stopalprs.campaigns.share import share_links, share_url
from stopalprs.integrity.services import assess
from stopalprs.lawmakers.services import lawmakers_from_query, place_query
from stopalprs.lib.http import client_ip
from stopalprs.lib.markdown import render as render_markdown
from stopalprs.privacy.services import hash_ip
from stopalprs.signatures.forms import SignatureForm
from stopalprs.signatures.services import sign_petition


def _public_campaign(slug: str) -> Campaign:
    return get_object_or_404(Campaign.objects.public(), slug=slug)


def _campaign_page(
    request: HttpRequest, campaign: Campaign, form: SignatureForm, status: int = 200
) -> HttpResponse:
    counts = services.public_counts(campaign)
    ctx = {
        "campaign": campaign,
        "body_html": render_markdown(campaign.body),
        "form": form,
        "counts": counts,
        "progress": services.progress_percent(campaign, counts),
        "share_image_url": share_url(campaign, "og"),
    }
    return render(request, "campaigns/campaign_detail.html", ctx, status=status)


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    open_campaigns = list(Campaign.objects.open())
    if len(open_campaigns) == 1:
        return _campaign_page(request, open_campaigns[0], SignatureForm())
    campaigns = Campaign.objects.public()
    return render(request, "campaigns/campaign_list.html", {"campaigns": campaigns})


@require_http_methods(["GET", "HEAD", "POST"])
def detail(request: HttpRequest, slug: str) -> HttpResponse:
    campaign = _public_campaign(slug)
    if request.method != "POST":
        return _campaign_page(request, campaign, SignatureForm())
    form = SignatureForm(request.POST)
    if not campaign.accepts_signatures:
        return _campaign_page(request, campaign, form, status=409)
    if not form.is_valid():
        return _campaign_page(request, campaign, form, status=400)
    data = form.signature_data()
    ip_hash = hash_ip(client_ip(request))
    check = assess(
        campaign=campaign, ip_hash=ip_hash, email=data["email"],
        honeypot=form.cleaned_data["website"], pow_payload=form.cleaned_data["altcha"],
    )  # fmt: skip
    sign_petition(
        campaign=campaign,
        language=get_language() or "en",
        ip_hash=ip_hash,
        fraud_state=check.state,
        fraud_reasons=",".join(check.reasons),
        **data,
    )
    # New signer or not, the reply is the same redirect: nothing shows whether the address
    # had signed before. The district (or state) lets the page name the signer's lawmakers.
    return redirect(
        thanks_url(
            campaign, zip_code=data["zip_code"], state=data["state"], district=data["district"]
        )
    )


def thanks_url(campaign: Campaign, *, zip_code: str, state: str, district: str) -> str:
    query = place_query(zip_code=zip_code, state=state, district=district)
    return f"{reverse('campaigns:thanks', args=[campaign.slug])}?{query}"


def _after_page(request: HttpRequest, slug: str, template: str) -> HttpResponse:
    campaign = _public_campaign(slug)
    ctx = {
        "campaign": campaign,
        "lawmakers": lawmakers_from_query(campaign, request.GET.dict()),
        "thank_you_html": render_markdown(campaign.thank_you_text),
        "share_links": share_links(campaign),
        "copy_url": share_url(campaign, "copy"),
        "counts": services.public_counts(campaign),
    }
    return render(request, template, ctx)


@require_safe
def thanks(request: HttpRequest, slug: str) -> HttpResponse:
    return _after_page(request, slug, "campaigns/campaign_thanks.html")


@require_safe
def confirmed(request: HttpRequest, slug: str) -> HttpResponse:
    return _after_page(request, slug, "campaigns/campaign_confirmed.html")


@require_safe
def open_data(request: HttpRequest, slug: str) -> JsonResponse:
    campaign = _public_campaign(slug)
    response = JsonResponse(services.open_data(campaign))
    response["Access-Control-Allow-Origin"] = "*"  # open data: anyone may build on it
    return response


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
