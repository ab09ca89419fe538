"""The morning digest end to end: real Celery workers, each its own process, run the sweep and then beat's digest
task (sent twice at once, as two beats would), through Redis, against this test's database. Each person gets exactly
one email, listing their own reminders, most urgent first, naming nobody."""
import uuid
from datetime import timedelta

import pytest
from celery import Celery
from django.utils import timezone

from notifications.models import DeliveryAttempt, DigestEmail, Notification

from .celery_workers import REDIS_URL, overdue_caseload, start_worker, stop_worker, wait_for
from .factories import AllocationFactory, YoungPersonFactory
from .mail_files import emails_sent

pytestmark = pytest.mark.celery_worker


@pytest.fixture
def mail_dir(tmp_path):
    return tmp_path


@pytest.fixture
def worker_queue(transactional_db, mail_dir):
    """Two workers on a queue of their own, sending email into files; the digest goes whatever day the test runs
    (the working-day rule is tested with a frozen clock in tests/test_digest.py)."""
    queue = f"test-{uuid.uuid4().hex}"
    processes = [start_worker(queue, str(n), MAIL_BACKEND="tests.mail_files.FileMailBackend",
                              TEST_MAIL_DIR=str(mail_dir), PLEDGE_DIGEST_EVERY_DAY="true") for n in range(2)]
    try:
        yield queue
    finally:
        for process in processes:
            stop_worker(process)


def test_the_digest_task_run_by_real_workers_sends_one_email_per_person_with_their_items(worker_queue, mail_dir,
                                                                                        people):
    # Olu: two young people whose contact is due in 3 days. Sita: Robin and 4 more, 3 days overdue.
    came_into_care = timezone.localdate() - timedelta(weeks=6) + timedelta(days=3)
    for _ in range(2):
        young_person = YoungPersonFactory(council=people.council, became_looked_after_on=came_into_care)
        AllocationFactory(young_person=young_person, worker=people.other_worker)
    due = overdue_caseload(people, extra=4, one_by_one=False)
    assert due == 7

    client = Celery(broker=REDIS_URL, backend=REDIS_URL, set_as_current=False)  # not the app shared_task uses
    try:
        assert client.send_task("notifications.sweep_ledger", queue=worker_queue).get(timeout=90) == 7
        assert Notification.objects.filter(in_digest=True).count() == 7
        assert not DeliveryAttempt.objects.filter(channel="email").exists()  # nothing emailed one by one
        first = client.send_task("notifications.send_daily_digests", queue=worker_queue)
        second = client.send_task("notifications.send_daily_digests", queue=worker_queue)
        first.get(timeout=90), second.get(timeout=90)
    finally:
        client.close()

    wait_for(lambda: DigestEmail.objects.filter(sent_at__isnull=False).count() == 2
             and DeliveryAttempt.objects.filter(channel="email", succeeded=True).count() == 7, timeout=90)
    emails = {email["to"][0]: email for email in emails_sent(mail_dir)}
    assert len(emails_sent(mail_dir)) == 2 and set(emails) == {people.social_worker.user.email,
                                                              people.other_worker.user.email}
    sita, olu = emails[people.social_worker.user.email], emails[people.other_worker.user.email]
    assert sita["subject"] == "Your morning summary: 5 overdue"
    assert sita["body"].count("- Overdue by 3 days: Social worker in touch at least every 6 weeks") == 5
    assert olu["subject"] == "Your morning summary: 2 due soon"
    assert olu["body"].count("- Due in 3 days: Social worker in touch at least every 6 weeks") == 2
    assert "Robin" not in sita["body"] + sita["subject"] and "Ash" not in sita["body"] + "".join(sita["html"])
    assert DeliveryAttempt.objects.filter(channel="email").values("notification").distinct().count() == 7
