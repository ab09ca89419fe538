"""The deadline sweep's emails: one that fails is retried and recorded, one delivered is not sent again, and the
database keeps one notification a stage and recipient (dates as in tests/notification_helpers.py)."""
from smtplib import SMTPException

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.db import IntegrityError, transaction

from notifications.models import Notification
from notifications.tasks import deliver_email

from .notification_helpers import at
from .notification_helpers import contact_measure, emails_one_by_one, ledger, sweep_at  # noqa: F401 (fixtures)

# Emails enqueued with deliver_email.delay() run at once, in this process (conftest.tasks_run_in_the_test).
pytestmark = pytest.mark.usefixtures("tasks_run_in_the_test", "emails_one_by_one")


# --- Email delivery -----------------------------------------------------------------------------


class BrokenMailBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise SMTPException("421 The mail server is not taking mail just now")


def test_an_email_that_fails_is_retried_and_recorded_while_the_in_app_notification_stays(
    people, ledger, sweep_at, settings,
):
    settings.MAILERS = {"default": {"BACKEND": "tests.test_notifications_email.BrokenMailBackend"}}
    assert sweep_at(at(8)) == 1
    notification = Notification.objects.get()
    assert notification.attempts.get(channel="in_app").succeeded
    failures = notification.attempts.filter(channel="email")
    assert failures.count() == 1 + deliver_email.max_retries
    assert not failures.filter(succeeded=True).exists()
    assert {attempt.error for attempt in failures} == {
        "SMTPException: 421 The mail server is not taking mail just now"
    }
    assert mail.outbox == []


def test_an_email_already_delivered_is_not_sent_again_when_the_task_runs_twice(people, ledger, sweep_at):
    sweep_at(at(8))
    notification = Notification.objects.get()
    assert deliver_email.apply(kwargs={"notification_id": notification.pk}).get() is False
    assert len(mail.outbox) == 1
    assert notification.attempts.filter(channel="email").count() == 1


def test_the_database_refuses_a_second_notification_for_the_same_stage_and_recipient(people, ledger):
    fields = {"recipient": people.social_worker.user, "entry": ledger, "young_person": people.young_person,
              "stage": "overdue", "subject": "Overdue", "body": "Overdue"}
    Notification.objects.create(**fields)
    with pytest.raises(IntegrityError), transaction.atomic():
        Notification.objects.create(**fields)
