"""Helpers for tests that start real `celery worker` processes against Redis and this test's database."""
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

from datetime import timedelta

from django.db import connection
from django.utils import timezone

from casework.models import YoungPerson
from notifications.models import DeliveryAttempt, MessagePreferences, Notification
from pledges.models import Basis, LedgerEntry, Measure

from .factories import AllocationFactory, YoungPersonFactory

ROOT = Path(__file__).resolve().parent.parent
# CI sets CELERY_BROKER_URL to this machine's Redis; elsewhere the tests use the local Redis directly.
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


def start_worker(queue: str, name: str, **environment: str) -> subprocess.Popen:
    """One solo `celery worker` on the queue, reading and writing the test database; tasks it enqueues (the
    emails) go to the same queue. Its log goes to a file (a pipe nobody reads would fill and stall it)."""
    env = {
        **os.environ, "CELERY_BROKER_URL": REDIS_URL, "CELERY_RESULT_BACKEND": REDIS_URL,
        "CELERY_TASK_DEFAULT_QUEUE": queue, "DATABASE_URL": worker_database_url(),
        "MAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend", **environment,
    }
    log = tempfile.TemporaryFile(mode="w+")
    process = subprocess.Popen(
        # --prefetch-multiplier=1: a worker takes one task at a time, so two can run sweeps at once.
        [sys.executable, "-m", "celery", "-A", "pledge_portal", "worker", "--pool=solo", "--concurrency=1",
         "--prefetch-multiplier=1", f"--queues={queue}", f"--hostname={queue}-{name}@%h", "--without-gossip",
         "--without-mingle", "--loglevel=INFO"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, text=True,
    )
    process.log = log
    return process


def stop_worker(process: subprocess.Popen) -> None:
    """Stop it (if it is still running) and print its log, which pytest shows when a test fails."""
    if process.poll() is None:
        process.terminate()
    process.wait(timeout=30)
    process.log.seek(0)
    print(process.log.read())
    process.log.close()


def wait_for(condition, timeout=60):
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.1)


def overdue_caseload(people, *, extra: int, one_by_one: bool = True) -> int:
    """Robin and `extra` more young people on Sita's caseload whose social worker contact is overdue today (the
    workers read the real clock: it fell due 3 days ago). Returns how many ledger rows are due a notification.
    `one_by_one`: Sita chose an email for each reminder (else the morning digest, the default: tests/test_digest*)."""
    if one_by_one:
        MessagePreferences.objects.create(user=people.social_worker.user, daily_digest=False)
    came_into_care = timezone.localdate() - timedelta(weeks=6, days=3)
    YoungPerson.objects.filter(pk=people.other_young_person.pk).update(became_looked_after_on=None)
    YoungPerson.objects.filter(pk=people.young_person.pk).update(became_looked_after_on=came_into_care)
    for _ in range(extra):
        young_person = YoungPersonFactory(council=people.council, became_looked_after_on=came_into_care)
        AllocationFactory(young_person=young_person, worker=people.social_worker)
    Measure.objects.create(  # saving it builds every young person's rows (pledges.signals)
        council=people.council, key="social-worker-contact", name="Social worker in touch at least every 6 weeks",
        basis=Basis.PLEDGE, rule="every", params={"weeks": 6, "counts": "contact", "starts": "came_into_care"},
        warn_days_before=7, escalate_after_days=7,
    )
    return LedgerEntry.objects.filter(status="open", next_alert_at__lte=timezone.now()).count()


def assert_notified_and_emailed_once_each(people, due: int) -> None:
    """Each due row's overdue notification exists exactly once, and its email went by way of the queue, once."""
    assert Notification.objects.count() == due
    assert set(Notification.objects.values_list("stage", "recipient")) == {("overdue", people.social_worker.user_id)}
    assert Notification.objects.values("entry").distinct().count() == due
    emailed = DeliveryAttempt.objects.filter(channel="email", succeeded=True)
    wait_for(lambda: emailed.count() >= due)
    assert emailed.count() == emailed.values("notification").distinct().count() == due
    assert DeliveryAttempt.objects.filter(channel="email", succeeded=False).count() == 0
