"""Staff moderation of crowd reports for the contract watch."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from stopalprs.staff.access import personal_data_required
from stopalprs.watch import services
from stopalprs.watch.models import CrowdReport


@require_http_methods(["GET", "HEAD", "POST"])
@personal_data_required("watch.change_crowdreport")
def reports(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        report = get_object_or_404(CrowdReport, pk=request.POST.get("report", 0))
        accept = request.POST.get("decision") == "accept"
        services.review_report(actor=request.user, report=report, accept=accept)
        messages.success(request, f"Report {'accepted' if accept else 'rejected'}.")
        return redirect("staff:watch_reports")
    pending = CrowdReport.objects.filter(status=CrowdReport.Status.PENDING)
    return render(request, "staff/watch_reports.html", {"reports": pending})
