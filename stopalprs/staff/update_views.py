"""Staff pages for updates to supporters: write, preview, test, send."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from stopalprs.lib.markdown import render as render_markdown
from stopalprs.staff.access import permission_required
from stopalprs.staff.forms import UpdateForm
from stopalprs.updates import services
from stopalprs.updates.models import Update


@require_safe
@permission_required("updates.view_update")
def updates(request: HttpRequest) -> HttpResponse:
    return render(request, "staff/updates.html", {"updates": Update.objects.all()[:200]})


@require_http_methods(["GET", "HEAD", "POST"])
@permission_required("updates.add_update")
def update_new(request: HttpRequest) -> HttpResponse:
    initial = {"campaign": request.GET.get("campaign")} if request.GET.get("campaign") else {}
    form = UpdateForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        update = services.save_draft(actor=request.user, update=form.save(commit=False))
        return redirect("staff:update", pk=update.pk)
    return render(request, "staff/update_edit.html", {"form": form})


@require_http_methods(["GET", "HEAD", "POST"])
@permission_required("updates.add_update")
def update(request: HttpRequest, pk: int) -> HttpResponse:
    """A draft's preview, with its audience size, a test send, editing and the send button."""
    item = get_object_or_404(Update.objects.select_related("campaign"), pk=pk)
    draft = item.status == Update.Status.DRAFT
    form = UpdateForm(request.POST or None, instance=item) if draft else None
    action = request.POST.get("action")
    if request.method == "POST":
        if action == "save" and form is not None and form.is_valid():
            services.save_draft(actor=request.user, update=form.save(commit=False))
            messages.success(request, "Saved.")
        elif action == "test":
            if request.user.email:  # type: ignore[union-attr]
                services.send_test(actor=request.user, update=item)
                messages.success(request, f"A test is on its way to {request.user.email}.")  # type: ignore[union-attr]
            else:
                messages.error(request, "Your staff account has no email address to test with.")
        elif action == "send":
            if services.send_update(actor=request.user, update=item):
                messages.success(request, "Sending. Emails leave at the paced rate.")
            else:
                messages.info(request, "This update was already sent.")
        if form is None or form.is_valid() or action != "save":
            return redirect("staff:update", pk=pk)
    spanish = item.language_for("es") == "es"
    ctx = {
        "update": item,
        "form": form,
        "body_html": render_markdown(item.body),
        "spanish": item.text("es") if spanish else None,
        "spanish_html": render_markdown(item.text("es")[1]) if spanish else "",
        "audience_count": services.audience(item).count() if draft else item.recipient_count,
        "by_language": services.audience_languages(item) if draft else {},
    }
    return render(request, "staff/update.html", ctx)
