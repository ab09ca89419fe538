"""Real Celery workers, each its own process, run the deadline sweep sent through Redis and deliver its
emails, against this test's database: two sweeps at once still send each notification exactly once."""
import uuid

import pytest
from celery import Celery

from .celery_workers import (
    REDIS_URL,
    assert_notified_and_emailed_once_each,
    overdue_caseload,
    start_worker,
    stop_worker,
)

pytestmark = pytest.mark.celery_worker


@pytest.fixture
def worker_queue(transactional_db):
    """Two `celery worker` processes on a queue of their own, reading and writing the test database.

    transactional_db: the test's rows are committed, so the workers can see them (and the workers are
    stopped before the tables are emptied).
    """
    queue = f"test-{uuid.uuid4().hex}"
    processes = [start_worker(queue, str(n)) for n in range(2)]
    try:
        yield queue
    finally:
        for process in processes:
            stop_worker(process)


def test_two_sweeps_sent_to_real_workers_at_once_notify_once_and_email_each(worker_queue, people):
    due = overdue_caseload(people, extra=10)
    assert due == 11

    client = Celery(broker=REDIS_URL, backend=REDIS_URL, set_as_current=False)  # not the app shared_task uses
    try:
        first = client.send_task("notifications.sweep_ledger", queue=worker_queue)
        second = client.send_task("notifications.sweep_ledger", queue=worker_queue)
        assert first.get(timeout=90) + second.get(timeout=90) == due
    finally:
        client.close()

    assert_notified_and_emailed_once_each(people, due)
