"""The manager's pages for bringing the council's records in (SSDA903 and Annex A); the downloads are in
returns.downloads.

Only the council's managers: another worker gets a 403, a young person a 404 (pledges.dashboard_views.manager_or_403),
and a job of another council is a 404, as for every manager's page about one thing of their council.
"""
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from pledges.dashboard_views import manager_or_403

from .forms import ImportStartForm
from .jobs import import_job_confirm, import_job_start
from .models import ImportJob

PROBLEMS_SHOWN = 500  # a file with thousands of problems: the first ones, and how many more


def _summary(data):
    if data is None:
        return None
    from returns.importing.service import ImportSummary
    return ImportSummary.from_dict(data)


def import_list(request):
    """Start an import (choose 903 or Annex A and upload the files) and the council's past imports."""
    worker = manager_or_403(request.user)
    form = ImportStartForm(request.POST if request.method == "POST" else None,
                           request.FILES if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        files = [(upload.name, upload.read()) for upload in form.cleaned_data["files"]]
        job = import_job_start(council=worker.council, worker=worker, kind=form.cleaned_data["kind"], files=files)
        return redirect("returns_import", pk=job.pk)
    jobs = ImportJob.objects.filter(council=worker.council).select_related("created_by")[:50]
    return render(request, "returns/imports.html", {"form": form, "jobs": jobs, "council": worker.council})


def _job(request, pk) -> ImportJob:
    worker = manager_or_403(request.user)
    return get_object_or_404(ImportJob.objects.select_related("created_by"), pk=pk, council=worker.council)


@require_GET
def import_detail(request, pk):
    """Checking (with progress), the preview (with the problems found, or the button to import), importing (with
    progress), then what was imported."""
    job = _job(request, pk)
    preview, result = _summary(job.preview), _summary(job.result)
    shown = result or preview
    problems = shown.problems if shown else []
    errors = [problem for problem in problems if problem.is_error]
    warnings = [problem for problem in problems if not problem.is_error]
    return render(request, "returns/import.html", {
        "job": job, "preview": preview, "result": result, "shown": shown,
        "errors": errors[:PROBLEMS_SHOWN], "errors_more": max(len(errors) - PROBLEMS_SHOWN, 0),
        "warnings": warnings[:PROBLEMS_SHOWN], "warnings_more": max(len(warnings) - PROBLEMS_SHOWN, 0),
        "can_confirm": job.status == ImportJob.Status.CHECKED and preview is not None and not preview.has_errors,
    })


@require_POST
def import_confirm(request, pk):
    job = _job(request, pk)
    preview = _summary(job.preview)
    if preview is not None and not preview.has_errors and import_job_confirm(job=job):
        messages.success(request, "Your files are being imported.")
    return redirect("returns_import", pk=job.pk)
