"""Staff pages for running campaigns: create and edit (with a live preview), declare a win,
the dashboard, exports, and paper signatures."""

from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import ngettext, override
from django.views.decorators.http import require_http_methods, require_safe

from stopalprs.campaigns import services as campaign_services
from stopalprs.campaigns.models import Campaign
from stopalprs.lib.markdown import render as render_markdown
from stopalprs.signatures import crm, paper
from stopalprs.signatures.models import PaperBatch
from stopalprs.staff import dashboard as dashboards
from stopalprs.staff import exports
from stopalprs.staff.access import permission_required
from stopalprs.staff.forms import (
    SECOND_LANGUAGE,
    CampaignForm,
    PaperBatchForm,
    PaperImportForm,
    PaperSignatureForm,
    VictoryForm,
)
from stopalprs.updates import services as update_services


def _preview(form: CampaignForm) -> dict[str, dict[str, str]]:
    """The page text as it will read, in both languages, from the form's current data."""
    data = form.data
    out = {}
    for language, suffix in (("en", ""), (SECOND_LANGUAGE, f"_{SECOND_LANGUAGE}")):

        def text(name: str, suffix: str = suffix) -> str:
            return str(data.get(name + suffix) or (data.get(name) if suffix else "") or "")

        out[language] = {
            "title": text("title"),
            "summary": text("summary"),
            "ask": text("ask"),
            "body_html": render_markdown(text("body")),
            "thank_you_html": render_markdown(text("thank_you_text")),
            "share_text": text("share_text"),
        }
    return out


def _edit(request: HttpRequest, campaign: Campaign, template: str) -> HttpResponse:
    form = CampaignForm(request.POST or None, instance=campaign)
    previewing = request.POST.get("action") == "preview"
    if request.method == "POST" and not previewing and form.is_valid():
        saved = campaign_services.save_campaign(
            actor=request.user,
            campaign=form.save(commit=False),
            translations=form.translations(),
        )
        messages.success(request, f"Saved. The campaign is at {saved.get_absolute_url()}")
        return redirect("staff:campaign_edit", slug=saved.slug)
    preview = _preview(form) if request.method == "POST" else None
    if request.headers.get("X-Preview") == "1":  # our script's live preview: the pane alone
        return render(request, "staff/_campaign_preview.html", {"preview": preview})
    ctx = {"form": form, "campaign": campaign, "preview": preview}
    return render(request, template, ctx, status=400 if form.errors and not previewing else 200)


@require_http_methods(["GET", "HEAD", "POST"])
@permission_required("campaigns.add_campaign")
def campaign_new(request: HttpRequest) -> HttpResponse:
    return _edit(request, Campaign(), "staff/campaign_edit.html")


@require_http_methods(["GET", "HEAD", "POST"])
@permission_required("campaigns.change_campaign")
def campaign_edit(request: HttpRequest, slug: str) -> HttpResponse:
    return _edit(request, get_object_or_404(Campaign, slug=slug), "staff/campaign_edit.html")


@require_http_methods(["GET", "HEAD", "POST"])
@permission_required("campaigns.change_campaign")
def campaign_victory(request: HttpRequest, slug: str) -> HttpResponse:
    campaign = get_object_or_404(Campaign, slug=slug)
    with override(SECOND_LANGUAGE):
        initial_es = campaign.localized(SECOND_LANGUAGE).victory_message
    initial = {
        "message": campaign.victory_message,
        "message_es": initial_es,
        "subject": f"We won: {campaign.title}",
    }
    form = VictoryForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        update_services.declare_victory(actor=request.user, campaign=campaign, **form.cleaned_data)
        messages.success(request, "Victory declared. The campaign page shows your message.")
        return redirect("staff:dashboard", slug=slug)
    return render(request, "staff/campaign_victory.html", {"form": form, "campaign": campaign})


@require_safe
@permission_required("campaigns.view_campaign")
def dashboard(request: HttpRequest, slug: str) -> HttpResponse:
    campaign = get_object_or_404(Campaign, slug=slug)
    ctx = {
        "campaign": campaign,
        "d": dashboards.build(campaign),
        "steps": dashboards.MAP_STEPS,
        "chart_width": dashboards.CHART_WIDTH,
        "chart_height": dashboards.CHART_HEIGHT,
    }
    return render(request, "staff/dashboard.html", ctx)


def _check_format(fmt: str) -> str:
    if fmt not in exports.FORMATS:
        raise Http404
    return fmt


def _download(export: exports.Export, fmt: str) -> HttpResponse | StreamingHttpResponse:
    if fmt == "xlsx":
        response: HttpResponse | StreamingHttpResponse = FileResponse(
            exports.write_xlsx(export),
            as_attachment=True,
            filename=f"{export.filename}.xlsx",
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        response = StreamingHttpResponse(
            exports.csv_lines(export), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="{export.filename}.csv"'
    return response  # no-store, as every staff page (ops.middleware.PrivatePagesMiddleware)


@require_safe
@permission_required("signatures.view_signature")
def export_signatures(
    request: HttpRequest, slug: str, fmt: str
) -> HttpResponse | StreamingHttpResponse:
    _check_format(fmt)
    campaign = get_object_or_404(Campaign, slug=slug)
    layout = request.GET.get("layout", "")
    if layout and layout not in crm.LAYOUTS:
        raise Http404
    standings = request.GET.getlist("standing")
    if set(standings) - set(exports.STANDINGS):
        raise Http404
    if not standings and request.GET.get("chosen"):  # the form sent with every box unticked
        return _export_choice(request, campaign, error="Choose at least one kind of signature.")
    export = exports.export_signatures(
        actor=request.user,
        campaign=campaign,
        layout=layout,
        standings=standings or exports.COUNTED_STANDINGS,
    )
    return _download(export, fmt)


@require_safe
@permission_required("signatures.view_signature")
def export_choice(request: HttpRequest, slug: str) -> HttpResponse:
    """Which signatures to export, with how many stand where."""
    return _export_choice(request, get_object_or_404(Campaign, slug=slug))


def _export_choice(request: HttpRequest, campaign: Campaign, *, error: str = "") -> HttpResponse:
    counts = exports.standing_counts(campaign)
    choices = [
        (key, label, counts[key], key in exports.COUNTED_STANDINGS)
        for key, label in exports.STANDINGS.items()
    ]
    ctx = {"campaign": campaign, "choices": choices, "error": error}
    return render(request, "staff/export.html", ctx, status=400 if error else 200)


@require_safe
@permission_required("organizing.view_organizer_data")
def export_organizers(request: HttpRequest, fmt: str) -> HttpResponse | StreamingHttpResponse:
    _check_format(fmt)
    return _download(exports.export_organizers(actor=request.user), fmt)


@require_http_methods(["GET", "HEAD", "POST"])
@permission_required("signatures.add_paperbatch")
def paper_batches(request: HttpRequest, slug: str) -> HttpResponse:
    campaign = get_object_or_404(Campaign, slug=slug)
    form = PaperBatchForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        batch = form.save(commit=False)
        batch.campaign = campaign
        batch = paper.create_batch(actor=request.user, batch=batch)
        return redirect("staff:paper_batch", pk=batch.pk)
    batches = campaign.paper_batches.all()
    return render(
        request,
        "staff/paper_batches.html",
        {"campaign": campaign, "form": form, "batches": batches},
    )


@require_http_methods(["GET", "HEAD", "POST"])
@permission_required("signatures.add_paperbatch")
def paper_batch(request: HttpRequest, pk: int) -> HttpResponse:
    batch = get_object_or_404(PaperBatch.objects.select_related("campaign"), pk=pk)
    one = PaperSignatureForm(request.POST if "first_name" in request.POST else None)
    sheet = PaperImportForm(
        request.POST if "sheet" in request.FILES else None, request.FILES or None
    )
    result = None
    if one.is_bound and one.is_valid():
        result = paper.import_rows(actor=request.user, batch=batch, rows=[one.cleaned_data])
    elif sheet.is_bound and sheet.is_valid():
        try:
            rows = paper.read_csv(sheet.cleaned_data["sheet"].read())
        except (paper.PaperError, UnicodeDecodeError) as error:
            sheet.add_error("sheet", str(error))
        else:
            result = paper.import_rows(actor=request.user, batch=batch, rows=rows)
    if result is not None and not result.errors and not result.district_unknown:
        messages.success(
            request,
            ngettext("%(n)d added", "%(n)d added", result.added) % {"n": result.added}
            + ", "
            + ngettext("%(n)d had already signed.", "%(n)d had already signed.", result.duplicates)
            % {"n": result.duplicates},
        )
        return redirect("staff:paper_batch", pk=pk)
    ctx = {
        "batch": batch,
        "campaign": batch.campaign,
        "one": one,
        "sheet": sheet,
        "result": result,
        "count": batch.signatures.count(),
    }
    return render(request, "staff/paper_batch.html", ctx, status=400 if result else 200)
