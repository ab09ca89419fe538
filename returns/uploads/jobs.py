"""An import started in the portal, checked and then written by Celery tasks, never inside the manager's request.

`import_job_start` saves the uploaded files on a new ImportJob and, once the request's transaction commits, enqueues
`import_check`: the service's dry run, whose summary is the preview ("12 young people new, 3 changed; 40 placements;
33 reviews; 2 errors"). When the manager confirms a preview with no errors, `import_job_confirm` enqueues
`import_run`, the import itself. Both tasks are acknowledged late (a worker killed part way gets the task again) and
do nothing for a job that has moved on, so running one twice checks or imports once. The service reports progress;
it is saved at most once every PROGRESS_EVERY_SECONDS, through a connection of its own when the import runs inside a
transaction, so the manager's page can read it while the import goes on.
"""
import logging
import time
from datetime import timedelta
from functools import partial

from celery import shared_task
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connection, connections, transaction
from django.utils import timezone

from .models import ImportFile, ImportJob, ImportKind

logger = logging.getLogger(__name__)

PROGRESS_EVERY_SECONDS = 1.0
# A preview nobody confirmed: its files are deleted after this long (the summary stays).
IMPORT_FILES_KEPT_DAYS = 7
# A job whose progress has not moved for this long lost its task (the broker was down when it was enqueued, or its
# worker died): import_catch_up sends it again. Far longer than any one step of an import takes.
STALLED_MINUTES = 30
# The most a manager may upload at once, all files together.
IMPORT_MAX_BYTES = 50 * 1024 * 1024


def _service(kind: str):
    from returns.importing.service import returns_import_903, returns_import_annex_a
    return returns_import_903 if kind == ImportKind.SSDA903 else returns_import_annex_a


def import_job_start(*, council, worker, kind: str, files: list[tuple[str, bytes]]) -> ImportJob:
    job = ImportJob.objects.create(council=council, created_by=worker, kind=kind,
                                   file_names=[name for name, _content in files], stage="Waiting to start")
    ImportFile.objects.bulk_create([ImportFile(job=job, name=name, content=content) for name, content in files])
    transaction.on_commit(partial(import_check.delay, job_id=job.pk), robust=True)
    return job


def import_job_confirm(*, job: ImportJob) -> bool:
    """Start the import of a checked job with no errors. False when it cannot be (already confirmed, or errors)."""
    updated = ImportJob.objects.filter(pk=job.pk, status=ImportJob.Status.CHECKED).update(
        status=ImportJob.Status.IMPORTING, confirmed_at=timezone.now(), stage="Waiting to start", done=0, total=0)
    if not updated:
        return False
    transaction.on_commit(partial(import_run.delay, job_id=job.pk), robust=True)
    return True


def _save_progress(job_id: int, stage: str, done: int, total: int) -> None:
    values = {"stage": stage[:200], "done": max(done, 0), "total": max(total, 0), "updated_at": timezone.now()}
    if not connection.in_atomic_block:
        ImportJob.objects.filter(pk=job_id).update(**values)
        return
    if connection.vendor == "sqlite":
        return  # one writer at a time: another connection would wait on the import's lock (the local demo only)
    # The import's own transaction is not visible to the page until it commits: write through another connection.
    other = connections.create_connection(DEFAULT_DB_ALIAS)
    try:
        with other.cursor() as cursor:
            table = ImportJob._meta.db_table
            cursor.execute(f'UPDATE "{table}" SET stage = %s, done = %s, total = %s, updated_at = %s WHERE id = %s',
                           [values["stage"], values["done"], values["total"], values["updated_at"], job_id])
    except DatabaseError:  # progress is only a help to the reader: the import goes on without it
        logger.info("import %s: progress not saved while its transaction is open", job_id)
    finally:
        other.close()


def progress_saver(job_id: int, every: float = PROGRESS_EVERY_SECONDS):
    """The service's progress callback for this job: saves the latest (stage, done, total) at most every `every`
    seconds, and always when a stage starts or ends."""
    last = {"at": float("-inf"), "stage": None}

    def progress(stage: str, done: int, total: int) -> None:
        now = time.monotonic()
        if stage != last["stage"] or done >= total or now - last["at"] >= every:
            last["at"], last["stage"] = now, stage
            _save_progress(job_id, stage, done, total)
    return progress


def _files(job: ImportJob) -> list[tuple[str, bytes]]:
    return [(file.name, bytes(file.content)) for file in job.files.all()]


def import_files_clear(job: ImportJob) -> None:
    """The uploaded files go once the import no longer needs them: only their names and the summary stay."""
    ImportFile.objects.filter(job=job).delete()
    ImportJob.objects.filter(pk=job.pk, files_cleared_at__isnull=True).update(files_cleared_at=timezone.now())


def import_files_clear_old(*, now) -> int:
    """Nightly: the files of previews never confirmed within IMPORT_FILES_KEPT_DAYS, and of any finished job."""
    old = ImportJob.objects.filter(files_cleared_at__isnull=True).filter(
        status__in=[ImportJob.Status.DONE, ImportJob.Status.FAILED]) | ImportJob.objects.filter(
        files_cleared_at__isnull=True, created_at__lt=now - timedelta(days=IMPORT_FILES_KEPT_DAYS)).exclude(
        status=ImportJob.Status.IMPORTING)
    jobs = list(old.distinct())
    for job in jobs:
        import_files_clear(job)
    return len(jobs)


def _fail(job_id: int, words: str) -> None:
    ImportJob.objects.filter(pk=job_id).update(status=ImportJob.Status.FAILED, failure=words,
                                               finished_at=timezone.now())
    import_files_clear(ImportJob.objects.get(pk=job_id))


def _run_service(job: ImportJob, *, dry_run: bool, doing: str):
    """The service over the job's files, or None when it broke (the job is then failed and says so)."""
    try:
        return _service(job.kind)(council=job.council, files=_files(job), dry_run=dry_run,
                                  progress=progress_saver(job.pk))
    except Exception:
        logger.exception("import %s: %s broke", job.pk, doing)
        _fail(job.pk, f"Something went wrong while {doing} your files, so nothing was imported. Try again, and if "
                      "it happens again, tell the portal's support team.")
        return None


def import_check_run(job_id: int) -> None:
    job = ImportJob.objects.select_related("council").get(pk=job_id)
    if job.status != ImportJob.Status.CHECKING:
        return  # checked already: a task delivered twice does nothing
    summary = _run_service(job, dry_run=True, doing="checking")
    if summary is None:
        return
    ImportJob.objects.filter(pk=job_id, status=ImportJob.Status.CHECKING).update(
        status=ImportJob.Status.CHECKED, preview=summary.as_dict(), stage="", updated_at=timezone.now())
    if summary.has_errors:  # nothing can be imported from these files: they need not be kept
        import_files_clear(job)


def import_run_run(job_id: int) -> None:
    job = ImportJob.objects.select_related("council").get(pk=job_id)
    if job.status != ImportJob.Status.IMPORTING or job.finished_at is not None:
        return  # imported already, or never confirmed
    summary = _run_service(job, dry_run=False, doing="importing")
    if summary is None:
        return
    status = ImportJob.Status.DONE if summary.written else ImportJob.Status.FAILED
    ImportJob.objects.filter(pk=job_id).update(status=status, result=summary.as_dict(), stage="",
                                               finished_at=timezone.now(), updated_at=timezone.now())
    import_files_clear(job)


def import_catch_up(*, now) -> int:
    """Send again the tasks of jobs checking or importing that have not moved for STALLED_MINUTES. Each task does
    nothing for a job that has moved on, so a job that was only slow is not checked or imported twice."""
    stalled = ImportJob.objects.filter(status__in=[ImportJob.Status.CHECKING, ImportJob.Status.IMPORTING],
                                       updated_at__lt=now - timedelta(minutes=STALLED_MINUTES))
    jobs = list(stalled.values_list("pk", "status"))
    for job_id, status in jobs:
        task = import_check if status == ImportJob.Status.CHECKING else import_run
        task.delay(job_id=job_id)
    return len(jobs)


@shared_task(name="returns.import_check", acks_late=True)
def import_check(*, job_id: int) -> None:
    """The dry run: the preview of what the import would do."""
    import_check_run(job_id)


@shared_task(name="returns.import_run", acks_late=True)
def import_run(*, job_id: int) -> None:
    """The import itself, once the manager has confirmed the preview."""
    import_run_run(job_id)


@shared_task(name="returns.import_catch_up")
def import_catch_up_task() -> int:
    return import_catch_up(now=timezone.now())


@shared_task(name="returns.import_files_clear_old")
def import_files_clear_old_task() -> int:
    """Hourly: the files of imports that no longer need them, and the zips of downloads made over a day ago
    (returns.downloads.jobs.export_files_clear_old): both hold children's records."""
    from returns.downloads.jobs import export_files_clear_old

    now = timezone.now()
    return import_files_clear_old(now=now) + export_files_clear_old(now=now)
