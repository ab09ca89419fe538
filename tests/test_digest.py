"""The morning digest (notifications.digest): with the default choice the sweep's reminders are in the portal at once
and their emails wait for ONE email at 07:00 on working days, most urgent first; urgent ones still go at once; sent
once a person a day however often the task runs. Dates as in tests/notification_helpers.py (Robin's contact is due on
Monday 15 December 2025)."""
import copy
from datetime import UTC, date, datetime, timedelta
from smtplib import SMTPException

import pytest
import time_machine
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.urls import reverse

from casework.models import CallbackRequest, Contact, ContactKind
from notifications.digest import digest_send
from notifications.models import DeliveryAttempt, DigestEmail, MessagePreferences, Notification
from notifications.tasks import deliver_digest, send_daily_digests
from pledge_portal.celery import app as celery_app
from pledges.ledger import ledger_recompute
from pledges.models import Basis, Measure

from .factories import AllocationFactory, YoungPersonFactory
from .notification_helpers import CAME_INTO_CARE, LONDON, MEASURE_NAME, at
from .notification_helpers import contact_measure, ledger, sweep_at  # noqa: F401 (fixtures)

pytestmark = pytest.mark.usefixtures("tasks_run_in_the_test")


def morning(day: int, month: int = 12, year: int = 2025, hour: int = 7, minute: int = 0) -> int:
    """Beat's 07:00 task at that moment (London time); returns how many digests it enqueued."""
    with time_machine.travel(at(day, month, year, hour, minute), tick=False):
        return send_daily_digests.delay().get()


def caseload(people, *due_days: int):
    """More young people on Sita's caseload whose contact is due on these days of December 2025."""
    for due_day in due_days:
        young_person = YoungPersonFactory(council=people.council,
                                          became_looked_after_on=CAME_INTO_CARE + timedelta(days=due_day - 15))
        AllocationFactory(young_person=young_person, worker=people.social_worker)
        ledger_recompute(young_person=young_person)


def test_by_default_the_reminder_is_in_the_portal_at_once_and_its_email_waits_for_the_morning(people, ledger,
                                                                                             sweep_at):
    assert sweep_at(at(8)) == 1  # Monday 8 December, midnight: due in 7 days
    notification = Notification.objects.get()
    assert notification.in_digest and notification.recipient == people.social_worker.user
    assert mail.outbox == []
    assert morning(8, hour=6, minute=59) == 1 and len(mail.outbox) == 1  # the task itself does not look at the clock
    [email] = mail.outbox
    assert email.to == [people.social_worker.user.email]
    assert email.subject == "Your morning summary: 1 due soon"
    assert email.body.startswith("1 due soon for young people on your caseload. Sign in to Pledge Portal")
    assert f"Due in 7 days: {MEASURE_NAME} (due Monday 15 December): http://127.0.0.1:8000" \
           f"{reverse('young_person_pledge', args=[people.young_person.pk])}" in email.body
    digest = DigestEmail.objects.get()
    assert (digest.day, digest.due_soon, digest.overdue) == (date(2025, 12, 8), 1, 0)
    [attempt] = notification.attempts.filter(channel="email")
    assert attempt.succeeded and attempt.digest == digest


def test_most_urgent_first_overdue_by_most_days_then_due_soonest(people, ledger, sweep_at):
    caseload(people, 11, 19, 17)  # on Wednesday 17 December: 6 days overdue, due in 2 days, due today
    sweep_at(at(17))
    assert Notification.objects.filter(in_digest=True).count() == 4
    assert morning(17) == 1
    [email] = mail.outbox
    assert email.subject == "Your morning summary: 2 overdue and 2 due soon"
    lines = [line for line in email.body.splitlines() if line.startswith("- ")]
    assert [line.split(":")[0] for line in lines] == [
        "- Overdue by 6 days", "- Overdue by 2 days", "- Due today", "- Due in 2 days"]


def test_running_twice_sends_one_digest_and_a_reminder_is_carried_once(people, ledger, sweep_at):
    sweep_at(at(8))
    assert morning(8) == 1
    assert morning(8, minute=5) == 0  # everything waiting has gone
    assert deliver_digest.delay(recipient_id=people.social_worker.user_id, day="2025-12-08").get() is False
    assert digest_send(recipient_id=people.social_worker.user_id, day=date(2025, 12, 8), now=at(8, hour=8)) is False
    assert len(mail.outbox) == 1 and DigestEmail.objects.count() == 1
    assert DeliveryAttempt.objects.filter(channel="email").count() == 1
    sweep_at(at(16))  # overdue now: tomorrow's digest, not today's again
    assert morning(16) == 1 and len(mail.outbox) == 2
    assert mail.outbox[1].subject == "Your morning summary: 1 overdue"


def test_a_reminder_written_at_0659_is_in_that_mornings_digest_and_one_at_0701_in_the_next(people, ledger,
                                                                                          sweep_at):
    sweep_at(at(8, hour=6, minute=59))  # Robin's due-soon warning
    caseload(people, 15)  # another young person joins Sita's caseload, due the same day...
    sweep_at(at(8, hour=7, minute=1))  # ...and their warning is written just after 07:00
    other = Notification.objects.exclude(young_person=people.young_person).get()
    robin_link = reverse("young_person_pledge", args=[people.young_person.pk])
    other_link = reverse("young_person_pledge", args=[other.young_person_id])
    assert morning(8) == 1  # the task at 07:00 carries what was written by 07:00
    assert robin_link in mail.outbox[0].body and other_link not in mail.outbox[0].body
    assert morning(9) == 1
    assert other_link in mail.outbox[1].body and robin_link not in mail.outbox[1].body


def test_nothing_waiting_or_everything_met_since_means_no_email(people, ledger, sweep_at):
    assert morning(8) == 0
    sweep_at(at(8))
    Contact.objects.create(young_person=people.young_person, worker=people.social_worker, kind=ContactKind.PHONE,
                           happened_on=date(2025, 12, 8))  # the promise is kept before the morning
    assert morning(8) == 1  # Sita had a reminder waiting...
    assert mail.outbox == [] and DigestEmail.objects.count() == 0  # ...about a promise met since: nothing to say


def test_no_digest_at_weekends_or_on_bank_holidays_and_the_next_working_morning_has_it_all(people, ledger, sweep_at):
    caseload(people, 29)  # due Monday 29 December
    sweep_at(at(25, hour=8))  # Christmas Day: Robin overdue (Sita) and escalated (Mo); the other due soon (Sita)
    assert Notification.objects.filter(in_digest=True).count() == 3
    for day in (25, 26, 27, 28):  # Christmas Day, Boxing Day (bank holidays), Saturday, Sunday
        assert morning(day) == 0
    assert mail.outbox == []
    assert morning(29) == 2  # Monday 29 December: Sita's and Mo's
    [sita] = [email for email in mail.outbox if email.to == [people.social_worker.user.email]]
    assert sita.subject == "Your morning summary: 1 overdue and 1 due soon"
    assert f"Overdue by 14 days: {MEASURE_NAME}" in sita.body and f"Due today: {MEASURE_NAME}" in sita.body


def test_escalations_go_in_the_managers_digest(people, ledger, sweep_at):
    sweep_at(at(16))
    sweep_at(at(23))
    assert morning(23) == 2  # Sita (her overdue reminder, from the 16th) and Mo (the escalation)
    by_person = {email.to[0]: email for email in mail.outbox}
    manager = by_person[people.manager.user.email]
    assert manager.subject == "Your morning summary: 1 overdue"
    assert f"Overdue by 8 days: {MEASURE_NAME}" in manager.body


def test_an_email_for_each_when_chosen(people, ledger, sweep_at):
    MessagePreferences.objects.create(user=people.social_worker.user, daily_digest=False)
    sweep_at(at(8))
    assert len(mail.outbox) == 1 and not Notification.objects.get().in_digest
    assert morning(8) == 0 and len(mail.outbox) == 1


def test_urgent_ones_still_email_at_once_under_the_digest(people, sweep_at):
    Measure.objects.create(
        council=people.council, key="call-back", name="Call back within 2 working days", basis=Basis.PLEDGE,
        rule="within", params={"working_days": 2, "counts": "callback"}, warn_days_before=0, escalate_after_days=7)
    CallbackRequest.objects.create(young_person=people.young_person, phone="07700 900982",
                                   requested_at=at(1, hour=10))  # Monday 1 December: due Wednesday 3rd
    ledger_recompute(young_person=people.young_person)
    assert sweep_at(at(3)) == 1
    assert not Notification.objects.get().in_digest
    assert len(mail.outbox) == 1 and "Call back within 2 working days" in mail.outbox[0].subject


class BrokenMailBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise SMTPException("421 Try again later")


def test_a_refused_digest_is_recorded_and_its_retry_sends_it(people, ledger, sweep_at, settings):
    sweep_at(at(8))
    settings.MAILERS = {"default": {"BACKEND": "tests.test_digest.BrokenMailBackend"}}
    with pytest.raises(SMTPException):
        digest_send(recipient_id=people.social_worker.user_id, day=date(2025, 12, 8), now=at(8, hour=7))
    failed = DeliveryAttempt.objects.get(channel="email")
    assert not failed.succeeded and failed.error == "SMTPException: 421 Try again later"
    assert DigestEmail.objects.get().sent_at is None  # the claim let go
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    assert digest_send(recipient_id=people.social_worker.user_id, day=date(2025, 12, 8), now=at(8, hour=7, minute=1))
    assert len(mail.outbox) == 1


def test_a_deactivated_worker_gets_no_digest(people, ledger, sweep_at):
    sweep_at(at(8))
    people.social_worker.user.is_active = False
    people.social_worker.user.save()
    assert morning(8) == 0 and mail.outbox == []


@pytest.mark.parametrize("last, today, utc_hour", [
    ((2026, 3, 28), (2026, 3, 29), 6),  # Sunday 29 March 2026: clocks go forward at 01:00; 07:00 BST is 06:00 UTC
    ((2026, 3, 29), (2026, 3, 30), 6),
    ((2026, 10, 24), (2026, 10, 25), 7),  # Sunday 25 October 2026: clocks go back; 07:00 GMT is 07:00 UTC
    ((2026, 10, 25), (2026, 10, 26), 7),
])
def test_beat_runs_the_digest_at_0700_london_time_in_summer_and_winter(last, today, utc_hour):
    entry = celery_app.conf.beat_schedule["morning-digest"]
    assert entry["task"] == "notifications.send_daily_digests" and entry["task"] in celery_app.tasks
    schedule = copy.copy(entry["schedule"])
    schedule.app = celery_app  # as beat binds it: the schedule keeps CELERY_TIMEZONE, Europe/London
    last_run = datetime(*last, 7, 0, tzinfo=LONDON)
    with time_machine.travel(datetime(*today, utc_hour - 1, 59, tzinfo=UTC), tick=False):
        assert not schedule.is_due(last_run).is_due  # 06:59 London
    with time_machine.travel(datetime(*today, utc_hour, 0, tzinfo=UTC), tick=False):
        assert schedule.is_due(last_run).is_due  # 07:00 London
