"""A Celery worker killed (SIGKILL: no goodbye) in the middle of the deadline sweep loses no notification and
sends none twice: the next sweep, on a new worker, sends exactly what the dead one had not committed.

The sweep claims a row and writes its notifications in one transaction, so the worker is killed while it waits
between the two (PLEDGE_SWEEP_TEST_PAUSE_SECONDS): that row's claim is rolled back with it and stays due.
"""
import uuid

import pytest
from celery import Celery

from notifications.models import Notification
from pledges.models import LedgerEntry, LedgerRecomputeRun

from .celery_workers import (
    REDIS_URL,
    assert_notified_and_emailed_once_each,
    overdue_caseload,
    start_worker,
    stop_worker,
    wait_for,
)

pytestmark = pytest.mark.celery_worker


def test_a_sweep_killed_part_way_is_finished_by_the_next_with_every_notification_sent_once(transactional_db, people):
    due = overdue_caseload(people, extra=19)
    assert due == 20
    queue = f"test-{uuid.uuid4().hex}"
    client = Celery(broker=REDIS_URL, backend=REDIS_URL, set_as_current=False)  # not the app shared_task uses
    slow = start_worker(queue, "killed", PLEDGE_SWEEP_TEST_PAUSE_SECONDS="0.3")
    try:
        client.send_task("notifications.sweep_ledger", queue=queue)
        wait_for(lambda: Notification.objects.count() >= 3)
        slow.kill()
        slow.wait(timeout=30)
    finally:
        stop_worker(slow)

    sent_before = Notification.objects.count()
    assert 3 <= sent_before < due
    # Every row the dead sweep stamped has its notification: the row it was on went back to unclaimed.
    stamped = LedgerEntry.objects.filter(overdue_notified_at__isnull=False).values_list("pk", flat=True)
    assert set(stamped) == set(Notification.objects.values_list("entry", flat=True))

    fresh = start_worker(queue, "fresh")
    try:
        assert client.send_task("notifications.sweep_ledger", queue=queue).get(timeout=90) == due - sent_before
        # The emails the dead worker enqueued are still on the queue; the new worker sends them, and the rest.
        assert_notified_and_emailed_once_each(people, due)
    finally:
        stop_worker(fresh)
        client.close()


def test_a_ledger_rebuild_killed_part_way_goes_on_from_its_last_batch_with_the_same_answers(transactional_db, people):
    """The worker is killed (SIGKILL) while it rests between two committed batches; the run sent again (as the
    sweep's catch-up does) to a new worker finishes from the last finished batch, and the rows are the same."""
    due = overdue_caseload(people, extra=11)  # the Measure's save built every row here, at once (tests' setting)
    assert due == 12
    fields = ["young_person_id", "measure_id", "cycle_start", "due_on", "status", "explanation"]
    expected = sorted(LedgerEntry.objects.values_list(*fields))
    LedgerEntry.objects.all().delete()
    run = LedgerRecomputeRun.objects.create(council=people.council, reason="measure", total=13)
    queue = f"test-{uuid.uuid4().hex}"
    client = Celery(broker=REDIS_URL, backend=REDIS_URL, set_as_current=False)  # not the app shared_task uses
    slow = start_worker(queue, "killed", PLEDGE_LEDGER_TEST_PAUSE_SECONDS="0.5")
    try:
        client.send_task("pledges.recompute_ledger", kwargs={"run_id": run.pk, "batch_size": 2}, queue=queue)
        wait_for(lambda: LedgerRecomputeRun.objects.get(pk=run.pk).done >= 2)
        slow.kill()
        slow.wait(timeout=30)
    finally:
        stop_worker(slow)
    run.refresh_from_db()
    assert run.finished_at is None and 2 <= run.done < 13 and run.last_young_person_id

    fresh = start_worker(queue, "fresh")
    try:
        client.send_task("pledges.recompute_ledger", kwargs={"run_id": run.pk, "batch_size": 2}, queue=queue)
        wait_for(lambda: LedgerRecomputeRun.objects.get(pk=run.pk).finished_at is not None, timeout=90)
    finally:
        stop_worker(fresh)
        client.close()
    run.refresh_from_db()
    assert run.done == 13
    assert sorted(LedgerEntry.objects.values_list(*fields)) == expected
