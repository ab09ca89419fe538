"""A download prepared by a Celery task: `export_job_start` saves a new ExportJob and, once the request's transaction
commits, enqueues `export_build`, which runs the export service, zips its files and stores the zip on the job. The
task is acknowledged late (a worker killed part way gets it again) and does nothing for a job that is no longer
being prepared, so running it twice builds once. `export_catch_up` (beat) sends again the task of a job that has
been preparing for STALLED_MINUTES; `export_files_clear_old` deletes the zips EXPORT_KEPT_HOURS after they are ready.
"""
import io
import logging
import zipfile
from datetime import timedelta
from functools import partial

from celery import shared_task
from django.db import transaction
from django.utils import timezone

from returns.uploads.jobs import STALLED_MINUTES
from returns.uploads.models import ImportKind

from .models import ExportJob

logger = logging.getLogger(__name__)

# A ready zip holds children's records: its bytes are deleted this long after it was made.
EXPORT_KEPT_HOURS = 24


def export_job_start(*, council, worker, kind: str, year: int | None = None, form: str = "") -> ExportJob:
    job = ExportJob.objects.create(council=council, created_by=worker, kind=kind, year=year, form=form)
    transaction.on_commit(partial(export_build.delay, job_id=job.pk), robust=True)
    return job


def zipped(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in sorted(files.items()):
            archive.writestr(name, content)
    return buffer.getvalue()


def _build(job: ExportJob) -> tuple[dict[str, bytes], list[int], str]:
    from returns.exporting.service import (
        returns_export_903,
        returns_export_annex_a,
        returns_export_annex_a_young_person_ids,
        returns_export_young_person_ids,
    )

    today = timezone.localdate()
    if job.kind == ImportKind.SSDA903:
        files = returns_export_903(council=job.council, year=job.year)
        ids = returns_export_young_person_ids(council=job.council, year=job.year)
        return files, ids, f"ssda903-{job.year or 'everything'}-{today.isoformat()}.zip"
    files = returns_export_annex_a(council=job.council, today=today, form=job.form or "csv")
    ids = returns_export_annex_a_young_person_ids(council=job.council, today=today)
    return files, ids, f"annex-a-{job.form or 'csv'}-{today.isoformat()}.zip"


def export_build_run(job_id: int) -> None:
    job = ExportJob.objects.select_related("council").get(pk=job_id)
    if job.status != ExportJob.Status.BUILDING:
        return  # ready or failed already: a task delivered twice does nothing
    try:
        files, ids, name = _build(job)
        content = zipped(files)
    except Exception:
        logger.exception("export %s: building it broke", job_id)
        ExportJob.objects.filter(pk=job_id, status=ExportJob.Status.BUILDING).update(
            status=ExportJob.Status.FAILED, finished_at=timezone.now(),
            failure="Something went wrong while preparing your download. Try again, and if it happens again, "
                    "tell the portal's support team.")
        return
    ExportJob.objects.filter(pk=job_id, status=ExportJob.Status.BUILDING).update(
        status=ExportJob.Status.READY, content=content, file_name=name, young_person_ids=ids,
        finished_at=timezone.now(), updated_at=timezone.now())


def export_files_clear_old(*, now) -> int:
    """The zips of downloads made more than EXPORT_KEPT_HOURS ago: the bytes go, the job's record stays."""
    old = ExportJob.objects.filter(content_cleared_at__isnull=True, finished_at__lt=now - timedelta(
        hours=EXPORT_KEPT_HOURS)).exclude(status=ExportJob.Status.BUILDING)
    return old.update(content=None, content_cleared_at=now)


def export_catch_up(*, now) -> int:
    stalled = ExportJob.objects.filter(status=ExportJob.Status.BUILDING,
                                       updated_at__lt=now - timedelta(minutes=STALLED_MINUTES))
    ids = list(stalled.values_list("pk", flat=True))
    for job_id in ids:
        export_build.delay(job_id=job_id)
    return len(ids)


@shared_task(name="returns.export_build", acks_late=True)
def export_build(*, job_id: int) -> None:
    """Build the download's zip and keep it on the job."""
    export_build_run(job_id)


@shared_task(name="returns.export_catch_up")
def export_catch_up_task() -> int:
    return export_catch_up(now=timezone.now())
