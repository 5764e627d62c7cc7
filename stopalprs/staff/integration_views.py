"""Staff pages for the tools a campaign already uses: API tokens, webhooks, CRM imports."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from stopalprs.api import services as api_services
from stopalprs.api.models import ApiToken
from stopalprs.campaigns.models import Campaign
from stopalprs.signatures import crm
from stopalprs.staff.access import permission_required
from stopalprs.staff.forms import ApiTokenForm, CrmImportForm, WebhookForm
from stopalprs.webhooks import services as webhooks
from stopalprs.webhooks.models import Delivery, Endpoint

DELIVERY_LOG = 100


@require_http_methods(["GET", "HEAD", "POST"])
@permission_required("api.manage_integrations")
def integrations(request: HttpRequest) -> HttpResponse:
    """Tokens and webhooks on one page. A new secret is shown in the reply to the POST that
    made it, once: it is never stored where it could be shown again (a token only as its
    hash), nor put in a session or a redirect."""
    action = request.POST.get("action")
    token_form = ApiTokenForm(request.POST if action == "token" else None, prefix="token")
    hook_form = WebhookForm(request.POST if action == "webhook" else None, prefix="hook")
    shown: dict[str, str] = {}
    if action == "token" and token_form.is_valid():
        token, secret = api_services.create_token(actor=request.user, **token_form.cleaned_data)
        shown = {"what": f"API token “{token.name}”", "secret": secret}
        token_form = ApiTokenForm(prefix="token")
    elif action == "webhook" and hook_form.is_valid():
        data = hook_form.cleaned_data
        try:
            endpoint = webhooks.create_endpoint(
                actor=request.user,
                name=data["name"],
                url=data["url"],
                events=data["events"],
                personal_data=data["personal_data"],
                campaign_id=data["campaign"].pk if data["campaign"] else None,
            )
        except ValidationError as error:
            hook_form.add_error("url", error)
        else:
            shown = {"what": f"webhook “{endpoint.name}”", "secret": endpoint.secret}
            hook_form = WebhookForm(prefix="hook")
    elif action == "revoke":
        token = get_object_or_404(ApiToken, pk=request.POST.get("pk"), revoked_at__isnull=True)
        api_services.revoke_token(actor=request.user, token=token)
        messages.success(request, f"Revoked {token}.")
        return redirect("staff:integrations")
    elif action == "toggle":
        endpoint = get_object_or_404(Endpoint, pk=request.POST.get("pk"))
        webhooks.set_active(actor=request.user, endpoint=endpoint, active=not endpoint.active)
        return redirect("staff:integrations")
    status = 200 if request.method != "POST" or shown else 400
    ctx = {
        "tokens": ApiToken.objects.order_by("revoked_at", "-created_at")[:200],
        "endpoints": Endpoint.objects.select_related("campaign"),
        "token_form": token_form,
        "hook_form": hook_form,
        "shown": shown,
    }
    # It may hold a secret: no-store, as every staff page (ops.middleware.PrivatePagesMiddleware).
    return render(request, "staff/integrations.html", ctx, status=status)


@require_http_methods(["GET", "HEAD", "POST"])
@permission_required("api.manage_integrations")
def webhook(request: HttpRequest, pk: int) -> HttpResponse:
    """One endpoint and the log of its latest deliveries; a failed one can be sent again."""
    endpoint = get_object_or_404(Endpoint.objects.select_related("campaign"), pk=pk)
    if request.method == "POST":
        delivery = get_object_or_404(
            Delivery,
            pk=request.POST.get("delivery"),
            endpoint=endpoint,
            status__in=[Delivery.Status.FAILED, Delivery.Status.QUEUED],
        )
        webhooks.retry_now(actor=request.user, delivery=delivery)
        messages.success(request, "Queued to be sent again now.")
        return redirect("staff:webhook", pk=pk)
    deliveries = endpoint.deliveries.all()[:DELIVERY_LOG]
    return render(request, "staff/webhook.html", {"endpoint": endpoint, "deliveries": deliveries})


@require_http_methods(["GET", "HEAD", "POST"])
@permission_required("signatures.import_signatures")
def crm_import(request: HttpRequest, slug: str) -> HttpResponse:
    campaign = get_object_or_404(Campaign, slug=slug)
    form = CrmImportForm(request.POST or None, request.FILES or None)
    result, layout = None, ""
    if request.method == "POST" and form.is_valid():
        sheet = form.cleaned_data["sheet"]
        try:
            layout, rows = crm.read_rows(sheet.read(), form.cleaned_data["layout"])
        except crm.CrmFileError as error:
            form.add_error("sheet", str(error))
        else:
            result = crm.import_signatures(
                actor=request.user,
                campaign=campaign,
                layout=layout,
                rows=rows,
                filename=sheet.name,
            )
    ctx = {
        "campaign": campaign,
        "form": form,
        "result": result,
        "layout": crm.LAYOUTS[layout].label if layout else "",
    }
    return render(request, "staff/crm_import.html", ctx, status=400 if form.errors else 200)
