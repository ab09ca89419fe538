"""Real Celery workers, each its own process, run the deadline sweep sent through Redis and deliver its
emails, against this test's database: two sweeps at once still send each notification exactly once."""
import os
import subprocess
import sys
import time
import uuid
from datetime import timedelta
from pathlib import Path
from urllib.parse import quote

import pytest
from celery import Celery
from django.db import connection
from django.utils import timezone

from casework.models import YoungPerson
from notifications.models import DeliveryAttempt, Notification
from pledges.models import Basis, LedgerEntry, Measure

from .factories import AllocationFactory, YoungPersonFactory

pytestmark = pytest.mark.celery_worker

ROOT = Path(__file__).resolve().parent.parent
REDIS_URL = os.environ.get("CELERY_BROKER_URL", "").startswith("redis") and os.environ["CELERY_BROKER_URL"] \
    or "redis://127.0.0.1:6379/0"


def worker_database_url() -> str:
    """The URL of the database this test runs in (pytest-django's test database), for another process."""
    db = connection.settings_dict
    if db["ENGINE"] == "django.db.backends.sqlite3":
        assert "memory" not in str(db["NAME"]), "settings must give SQLite's test database a file"
        return f"sqlite:///{db['NAME']}"
    login = quote(db["USER"]) + (f":{quote(db['PASSWORD'])}" if db["PASSWORD"] else "")
    return f"postgres://{login}@{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def worker_queue(transactional_db):
    """Two `celery worker` processes on a queue of their own, reading and writing the test database.

    transactional_db: the test's rows are committed, so the workers can see them (and the workers are
    stopped before the tables are emptied). Tasks the workers enqueue (the emails) go to the same queue.
    """
    queue = f"test-{uuid.uuid4().hex}"
    env = {
        **os.environ, "CELERY_BROKER_URL": REDIS_URL, "CELERY_RESULT_BACKEND": REDIS_URL,
        "CELERY_TASK_DEFAULT_QUEUE": queue, "DATABASE_URL": worker_database_url(),
        "MAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    }
    processes = [
        subprocess.Popen(
            # --prefetch-multiplier=1: each worker takes one sweep, so the two can run at the same time.
            [sys.executable, "-m", "celery", "-A", "pledge_portal", "worker", "--pool=solo", "--concurrency=1",
             "--prefetch-multiplier=1", f"--queues={queue}", f"--hostname={queue}-{n}@%h", "--without-gossip",
             "--without-mingle", "--loglevel=INFO"],
            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        )
        for n in range(2)
    ]
    try:
        yield queue
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            output, _ = process.communicate(timeout=30)
            print(output)


def wait_for(condition, timeout=60):
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.2)


def test_two_sweeps_sent_to_real_workers_at_once_notify_once_and_email_each(worker_queue, people):
    # The workers read the real clock: the contact promise fell due 3 days ago, so it is overdue today.
    came_into_care = timezone.localdate() - timedelta(weeks=6, days=3)
    YoungPerson.objects.filter(pk=people.other_young_person.pk).update(became_looked_after_on=None)
    YoungPerson.objects.filter(pk=people.young_person.pk).update(became_looked_after_on=came_into_care)
    for _ in range(10):
        young_person = YoungPersonFactory(council=people.council, became_looked_after_on=came_into_care)
        AllocationFactory(young_person=young_person, worker=people.social_worker)
    Measure.objects.create(  # saving it builds every young person's rows (pledges.signals)
        council=people.council, key="social-worker-contact", name="Social worker in touch at least every 6 weeks",
        basis=Basis.PLEDGE, rule="every", params={"weeks": 6, "counts": "contact", "starts": "came_into_care"},
        warn_days_before=7, escalate_after_days=7,
    )
    due = LedgerEntry.objects.filter(status="open", next_alert_at__lte=timezone.now()).count()
    assert due == 11

    client = Celery(broker=REDIS_URL, backend=REDIS_URL)
    try:
        first = client.send_task("notifications.sweep_ledger", queue=worker_queue)
        second = client.send_task("notifications.sweep_ledger", queue=worker_queue)
        assert first.get(timeout=90) + second.get(timeout=90) == due
    finally:
        client.close()

    assert Notification.objects.count() == due
    assert set(Notification.objects.values_list("stage", "recipient")) == {("overdue", people.social_worker.user_id)}
    assert Notification.objects.values("entry").distinct().count() == due
    # The emails went by way of the queue to the workers, each once.
    emailed = DeliveryAttempt.objects.filter(channel="email", succeeded=True)
    wait_for(lambda: emailed.count() >= due)
    assert emailed.count() == emailed.values("notification").distinct().count() == due
    assert DeliveryAttempt.objects.filter(channel="email", succeeded=False).count() == 0
