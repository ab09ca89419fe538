"""The manager's downloads of the SSDA903 return and Annex A lists 8 and 9.

Nothing is built in a request: "Prepare the download" (a POST) saves an ExportJob and a Celery task builds its zip
(returns.downloads.jobs). The job's page says it is being prepared and updates itself, then links to the zip. Every
young person in the zip gets an audit event when it is downloaded. Only the council's managers
(pledges.dashboard_views.manager_or_403); another council's download is a 404.
"""
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from casework.audit.models import AuditEvent, audit_young_people
from pledges.dashboard_views import manager_or_403
from returns.uploads.models import ImportKind

from .jobs import EXPORT_KEPT_HOURS, export_job_start
from .models import ExportJob


def _years() -> list[int]:
    this_year = timezone.localdate().year
    return list(range(this_year + 1, this_year - 6, -1))


@require_GET
def export_list(request):
    """The choices (the SSDA903 return for a year or everything, Annex A as CSV or XLSX) and recent downloads."""
    worker = manager_or_403(request.user)
    jobs = ExportJob.objects.filter(council=worker.council).select_related("created_by").defer("content")[:20]
    return render(request, "returns/exports.html", {"council": worker.council, "years": _years(), "jobs": jobs,
                                                    "kept_hours": EXPORT_KEPT_HOURS})


@require_POST
def export_903(request):
    """Prepare the SSDA903 return's CSV files, zipped, for a year (?year=, or the form's year) or everything."""
    worker = manager_or_403(request.user)
    year = request.POST.get("year", "")
    if year and (not year.isdigit() or not 2000 <= int(year) <= 2100):
        raise Http404("No such year")
    job = export_job_start(council=worker.council, worker=worker, kind=ImportKind.SSDA903,
                           year=int(year) if year else None)
    return redirect("returns_export", pk=job.pk)


@require_POST
def export_annex_a(request):
    """Prepare Annex A lists 8 and 9, CSV or XLSX, zipped."""
    worker = manager_or_403(request.user)
    form = request.POST.get("form", "csv")
    if form not in ("csv", "xlsx"):
        raise Http404("No such format")
    job = export_job_start(council=worker.council, worker=worker, kind=ImportKind.ANNEX_A, form=form)
    return redirect("returns_export", pk=job.pk)


def _job(request, pk, *, with_content: bool = False) -> ExportJob:
    worker = manager_or_403(request.user)
    jobs = ExportJob.objects.select_related("created_by")
    return get_object_or_404(jobs if with_content else jobs.defer("content"), pk=pk, council=worker.council)


@require_GET
def export_detail(request, pk):
    """Preparing (the page updates itself), then the link to download it; or why it failed, or that it is gone."""
    job = _job(request, pk)
    return render(request, "returns/export.html", {"job": job, "kept_hours": EXPORT_KEPT_HOURS})


@require_GET
def export_download(request, pk):
    """The zip as it was prepared; each young person in it gets an audit event now, when it is taken."""
    job = _job(request, pk, with_content=True)
    if not job.downloadable or job.content is None:
        raise Http404("This download is not ready, or has been deleted")
    audit_young_people(request, list(job.young_person_ids), action=AuditEvent.Action.EXPORT)
    response = HttpResponse(bytes(job.content), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{job.file_name}"'
    return response
