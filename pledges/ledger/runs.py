"""A council's ledger rebuilt by a Celery task in batches, not inside the web request that asked for it.

Publishing a pledge version, changing a measure and the birthday job call `ledger_recompute_start()`. It writes a
LedgerRecomputeRun and, once the caller's transaction commits, enqueues `recompute_ledger`. The task works through
the council's young people in id order; each batch's ledger rows and the run's progress commit together, so a
worker killed part way (the task is acknowledged late and redelivered) goes on from the last finished batch, and
running a batch twice writes nothing new (only rows that changed are written).

`PLEDGE_LEDGER_RECOMPUTE_IN_BACKGROUND = False` (the tests' setting) rebuilds at once in the caller's transaction,
as before this module: the answers are the same either way, only when they arrive differs.
"""
import time
from datetime import date, timedelta
from functools import partial

from celery import shared_task
from django.conf import settings
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from casework.models import YoungPerson

from ..recompute_runs import LedgerRecomputeRun
from .recompute import BATCH_SIZE, birthday_people, recompute_people
from .snapshots import ledger_snapshot_drop, ledger_snapshot_take

# A task works this long, then enqueues itself to go on: under CELERY_TASK_SOFT_TIME_LIMIT (60 s), so a council
# of any size never meets the time limit, and other tasks (the sweep, emails) get a turn between the parts.
SECONDS_PER_TASK = 40
# A run unmoved this long has lost its task: longer than any one batch takes, however busy the machine.
STALLED_MINUTES = 10


def _people(run: LedgerRecomputeRun):
    if run.birthday is not None:
        return birthday_people(today=run.birthday).filter(council_id=run.council_id)
    return YoungPerson.objects.filter(council_id=run.council_id)


def _counts(run: LedgerRecomputeRun) -> set[str] | None:
    return None if run.counts is None else set(run.counts)


def ledger_recompute_start(*, council_id: int, reason: str, counts: set[str] | None = None,
                           birthday: date | None = None) -> LedgerRecomputeRun | None:
    """Rebuild a council's rows (for measures of these counts; all if None; only birthday people if given) in
    the background. Returns the run, or None when the setting says to rebuild here and now."""
    if not settings.PLEDGE_LEDGER_RECOMPUTE_IN_BACKGROUND:
        run = LedgerRecomputeRun(council_id=council_id, counts=None if counts is None else sorted(counts),
                                 birthday=birthday)
        recompute_people(_people(run), counts=counts)
        return None
    # A run not yet started (saving several measures in one transaction, as the loader does) is widened rather
    # than a second one queued: the council is read once.
    waiting = (LedgerRecomputeRun.objects.unfinished().select_for_update()
               .filter(council_id=council_id, birthday=birthday, started_at__isnull=True).first())
    if waiting is not None:
        if waiting.counts is not None:
            waiting.counts = None if counts is None else sorted(set(waiting.counts) | counts)
            waiting.save(update_fields=["counts"])
        return waiting
    run = LedgerRecomputeRun(council_id=council_id, reason=reason, birthday=birthday,
                             counts=None if counts is None else sorted(counts))
    run.total = _people(run).count()
    run.save()
    # After commit: the worker must see the run and the measures it reads. robust: a broker that is down does not
    # undo the manager's publishing (the run stays waiting and the page says so).
    transaction.on_commit(partial(recompute_ledger.delay, run_id=run.pk), robust=True)
    return run


def ledger_recompute_run(*, run_id: int, seconds: float | None = None, batches: int | None = None,
                         batch_size: int = BATCH_SIZE) -> bool:
    """Go on with a run from its last finished batch, for up to `seconds` or `batches` (None: to the end).
    Returns True when the run is finished. Safe to call twice, or at once from two workers: each batch locks
    the run's row and reads where it got to under the lock."""
    started, batches_done = time.monotonic(), 0
    while True:
        with transaction.atomic():
            run = LedgerRecomputeRun.objects.select_for_update().get(pk=run_id)
            if run.finished_at is not None:
                return True
            run.started_at = run.started_at or timezone.now()
            # Before the first batch, in its transaction: the dashboard reads these copies until the run ends. A
            # birthday run takes none: it rebuilds the few people a year older today, whose new rows are simply
            # true from today (no manager changed anything), and copying the council for them would cost more.
            if run.snapshot_measures is None and run.birthday is None:
                ledger_snapshot_take(run=run)

            def moved(done: int, last_id: int) -> None:
                run.done, run.last_young_person_id = run.done + done, last_id

            if not recompute_people(_people(run), counts=_counts(run), batch_size=batch_size,
                                    after=run.last_young_person_id, progress=moved, batches=1):
                run.finished_at = timezone.now()
                ledger_snapshot_drop(run=run)
            run.total = max(run.total, run.done)  # young people added while it ran
            run.save()
        if settings.PLEDGE_LEDGER_TEST_PAUSE_SECONDS:  # only tests/test_celery_worker_killed.py: time to kill it
            time.sleep(settings.PLEDGE_LEDGER_TEST_PAUSE_SECONDS)
        if run.finished_at is not None:
            return True
        batches_done += 1
        if batches is not None and batches_done >= batches:
            return False
        if seconds is not None and time.monotonic() - started >= seconds:
            return False


@shared_task(name="pledges.recompute_ledger", acks_late=True)
def recompute_ledger(*, run_id: int, batch_size: int = BATCH_SIZE) -> bool:
    """Work on a run for SECONDS_PER_TASK, then enqueue the rest. Killed, it is redelivered (acks_late) and goes
    on from the last finished batch."""
    finished = ledger_recompute_run(run_id=run_id, seconds=SECONDS_PER_TASK, batch_size=batch_size)
    if not finished:
        recompute_ledger.delay(run_id=run_id, batch_size=batch_size)
    return finished


def ledger_recompute_catch_up(*, now, quiet_minutes: int = STALLED_MINUTES) -> int:
    """Send again the runs that have not moved for `quiet_minutes`: their task was never enqueued (the broker was
    down) or its worker died (Redis would give it back only after its visibility timeout). Run by the sweep. A run
    that was only slow is safe to send twice: each batch locks the run and goes on from where it got to."""
    stalled = list(LedgerRecomputeRun.objects.unfinished()
                   .filter(updated_at__lt=now - timedelta(minutes=quiet_minutes)).values_list("pk", flat=True))
    for run_id in stalled:
        recompute_ledger.delay(run_id=run_id)
    return len(stalled)


def with_ledger_progress(records):
    """A queryset of the council's records (its measures, its pledge versions) each carrying the progress of its
    oldest unfinished run, read in the page's own query so the manager's pages keep a fixed number of queries."""
    running = LedgerRecomputeRun.objects.unfinished().filter(council_id=OuterRef("council_id")).order_by("pk")
    return records.annotate(run_reason=Subquery(running.values("reason")[:1]),
                            run_done=Subquery(running.values("done")[:1]),
                            run_total=Subquery(running.values("total")[:1]))


def ledger_run_of(records: list) -> LedgerRecomputeRun | None:
    """The run going on, as with_ledger_progress read it (unsaved, with what the page shows: "Updating 4,210 of
    20,000 young people"), or None."""
    first = records[0] if records else None
    if first is None or first.run_reason is None:
        return None
    return LedgerRecomputeRun(reason=first.run_reason, done=first.run_done, total=first.run_total)
