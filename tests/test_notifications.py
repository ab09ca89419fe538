"""The deadline sweep: who is told what and when, exactly once, and the worker's Notifications page.

Dates: a young person came into care on Monday 3 November 2025 and the council promises their social
worker is in touch at least every 6 weeks, so the first contact is due on Monday 15 December. The worker
is warned 7 days before (from midnight on 8 December), told it is overdue from midnight on 16 December,
and the team manager is told from midnight on 23 December (7 days overdue).
"""
import logging
import threading
from datetime import date, datetime
from smtplib import SMTPException
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django.db import IntegrityError, connections, transaction
from django.urls import reverse

from casework.models import CallbackRequest, Contact, ContactKind, YoungPerson
from notifications.models import DeliveryAttempt, Notification
from notifications.sweep import sweep
from notifications.tasks import deliver_email
from pledge_portal.celery import app as celery_app
from pledges.ledger import ledger_recompute
from pledges.models import Basis, LedgerEntry, Measure

from .factories import AllocationFactory, YoungPersonFactory

LONDON = ZoneInfo("Europe/London")
CAME_INTO_CARE = date(2025, 11, 3)
DUE = date(2025, 12, 15)
MEASURE_NAME = "Social worker in touch at least every 6 weeks"


def at(day: int, month: int = 12, year: int = 2025, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=LONDON)


# Emails enqueued with deliver_email.delay() run at once, in this process (conftest.tasks_run_in_the_test).
pytestmark = pytest.mark.usefixtures("tasks_run_in_the_test")


@pytest.fixture
def contact_measure(people):
    # Sky (on Olu's caseload) came into care in 2022 and would be long overdue: only Robin's clock runs here.
    YoungPerson.objects.filter(pk=people.other_young_person.pk).update(became_looked_after_on=None)
    return Measure.objects.create(
        council=people.council, key="social-worker-contact", name=MEASURE_NAME, basis=Basis.PLEDGE, rule="every",
        params={"weeks": 6, "counts": "contact", "starts": "came_into_care"}, warn_days_before=7,
        escalate_after_days=7,
    )


@pytest.fixture
def callback_measure(people):
    return Measure.objects.create(
        council=people.council, key="call-back", name="Call back within 2 working days", basis=Basis.PLEDGE,
        rule="within", params={"working_days": 2, "counts": "callback"}, warn_days_before=0,
        escalate_after_days=7,
    )


@pytest.fixture
def ledger(people, contact_measure):
    """Robin's ledger: one open row, due on 15 December."""
    YoungPerson.objects.filter(pk=people.young_person.pk).update(became_looked_after_on=CAME_INTO_CARE)
    people.young_person.refresh_from_db()
    ledger_recompute(young_person=people.young_person)
    entry = LedgerEntry.objects.get(young_person=people.young_person, status="open")
    assert entry.due_on == DUE
    return entry


@pytest.fixture
def sweep_at(django_capture_on_commit_callbacks):
    """Run the sweep with the clock at a moment, running the email tasks it enqueues on commit."""
    def run(moment: datetime) -> int:
        with time_machine.travel(moment, tick=False), django_capture_on_commit_callbacks(execute=True):
            return sweep()
    return run


def stages_sent(**filters) -> list[tuple[str, str]]:
    return list(Notification.objects.filter(**filters).order_by("created_at", "pk")
                .values_list("stage", "recipient__email"))


# --- When, and to whom ------------------------------------------------------------------------------


def test_nothing_is_sent_the_day_before_the_warning(people, ledger, sweep_at):
    assert sweep_at(at(7, hour=23, minute=59)) == 0
    assert Notification.objects.count() == 0
    assert mail.outbox == []


def test_on_the_warning_day_the_worker_gets_one_due_soon_notification_in_the_portal_and_by_email(
    people, ledger, sweep_at,
):
    assert sweep_at(at(8)) == 1
    notification = Notification.objects.get()
    assert notification.recipient == people.social_worker.user
    assert notification.stage == "due_soon"
    assert notification.subject == f"Due in 7 days: {MEASURE_NAME} for Robin Ash (due Monday 15 December)"
    assert ledger.explanation in notification.body
    assert f"http://127.0.0.1:8000{reverse('young_person_pledge', args=[people.young_person.pk])}" in notification.body
    assert [(a.channel, a.succeeded) for a in notification.attempts.all()] == [("in_app", True), ("email", True)]
    [email] = mail.outbox
    assert email.to == [people.social_worker.user.email]
    assert email.subject == notification.subject
    assert ledger.explanation in email.body
    assert email.alternatives[0].mimetype == "text/html"


def test_a_measure_the_council_has_switched_off_sends_nothing(people, ledger, contact_measure, sweep_at):
    contact_measure.active = False
    contact_measure.save()
    assert sweep_at(at(16)) == 0
    assert Notification.objects.count() == 0


def test_sweeping_again_sends_nothing_new(people, ledger, sweep_at):
    assert sweep_at(at(8)) == 1
    assert sweep_at(at(8, hour=0, minute=15)) == 0
    assert sweep_at(at(15, hour=23, minute=59)) == 0
    assert Notification.objects.count() == 1
    assert len(mail.outbox) == 1


def test_the_day_after_the_due_date_the_worker_is_told_it_is_overdue(people, ledger, sweep_at):
    sweep_at(at(8))
    assert sweep_at(at(16)) == 1
    notification = Notification.objects.get(stage="overdue")
    assert notification.recipient == people.social_worker.user
    assert notification.subject == f"Overdue: {MEASURE_NAME} for Robin Ash (due Monday 15 December)"
    assert len(mail.outbox) == 2


def test_after_the_grace_period_the_team_manager_gets_the_escalation(people, ledger, sweep_at):
    sweep_at(at(8))
    sweep_at(at(16))
    assert sweep_at(at(22, hour=23, minute=59)) == 0
    assert sweep_at(at(23)) == 1
    notification = Notification.objects.get(stage="escalation")
    assert notification.recipient == people.manager.user
    assert notification.subject == (
        f"Still overdue after 7 days: {MEASURE_NAME} for Robin Ash (due Monday 15 December)"
    )
    assert "Sita Worker is their worker." in notification.body
    assert mail.outbox[-1].to == [people.manager.user.email]
    ledger.refresh_from_db()
    assert ledger.next_alert_at is None  # every stage sent: the row leaves the sweep for good


def test_the_escalation_goes_to_the_councils_managers_when_the_workers_team_has_none(people, ledger, sweep_at):
    people.manager.team = None
    people.manager.save()
    assert sweep_at(at(23)) == 2  # first seen past its grace period: overdue to the worker, escalation
    assert stages_sent(stage="escalation") == [("escalation", people.manager.user.email)]  # not Otherborough's


def test_a_contact_logged_before_the_due_date_means_no_overdue_is_ever_sent(people, ledger, sweep_at):
    sweep_at(at(8))
    with time_machine.travel(at(10, hour=14), tick=False):
        contact = Contact(young_person=people.young_person, worker=people.social_worker,
                          happened_on=date(2025, 12, 10), kind=ContactKind.PHONE)
        contact.full_clean()
        contact.save()
    assert sweep_at(at(16)) == 0
    assert sweep_at(at(24)) == 0
    assert stages_sent() == [("due_soon", people.social_worker.user.email)]
    ledger.refresh_from_db()
    assert ledger.status == "met"


def test_a_row_first_seen_past_its_grace_period_tells_both_the_worker_and_the_manager(people, ledger, sweep_at):
    assert sweep_at(at(24)) == 2
    assert sorted(stages_sent()) == [("escalation", people.manager.user.email),
                                     ("overdue", people.social_worker.user.email)]


def test_a_row_first_seen_already_overdue_sends_only_overdue(people, ledger, sweep_at):
    assert sweep_at(at(17)) == 1
    assert stages_sent() == [("overdue", people.social_worker.user.email)]
    ledger.refresh_from_db()
    # The warning it was too late for is stamped, so it is never sent later either.
    assert ledger.due_soon_notified_at is not None
    assert ledger.overdue_notified_at is not None
    assert ledger.next_alert_at == at(23)


def test_with_nobody_to_tell_the_row_is_stamped_and_a_warning_logged(people, ledger, sweep_at, caplog):
    people.young_person.allocations.filter(worker=people.social_worker).update(ended_on=date(2025, 1, 1))
    with caplog.at_level(logging.WARNING, logger="notifications.sweep"):
        assert sweep_at(at(8)) == 0
    assert Notification.objects.count() == 0
    assert "Nobody with a login" in caplog.text
    ledger.refresh_from_db()
    assert ledger.due_soon_notified_at is not None
    assert ledger.next_alert_at == at(16)


@pytest.fixture
def away_with_a_duty_worker(people):
    """Sita is on leave until 12 December; Olu is the team's duty worker."""
    people.social_worker.away_until = date(2025, 12, 12)
    people.social_worker.save()
    people.team.duty_worker = people.other_worker
    people.team.save()


@pytest.fixture
def callback_request(people, callback_measure):
    """Robin asked for a call back on Monday 1 December: due within 2 working days, Wednesday 3 December."""
    request = CallbackRequest.objects.create(young_person=people.young_person, requested_at=at(1, hour=10))
    entry = LedgerEntry.objects.get(measure=callback_measure, young_person=people.young_person)
    assert entry.due_on == date(2025, 12, 3)
    return request


def test_with_the_social_worker_away_the_duty_worker_is_also_told_about_a_call_back(
    people, callback_request, away_with_a_duty_worker, sweep_at, client,
):
    assert sweep_at(at(3, hour=7)) == 2
    assert sorted(stages_sent()) == sorted([
        ("due_soon", people.social_worker.user.email), ("due_soon", people.other_worker.user.email),
    ])
    duty = Notification.objects.get(recipient=people.other_worker.user)
    assert duty.subject.startswith("Due today: Call back within 2 working days for Robin Ash")
    assert "as the team's duty worker" in duty.body
    assert sorted(email.to[0] for email in mail.outbox) == sorted(
        [people.social_worker.user.email, people.other_worker.user.email]
    )
    # And the link in it opens for the duty worker, who covers Robin while Sita is away.
    client.force_login(people.other_worker.user)
    with time_machine.travel(at(3, hour=9), tick=False):
        assert client.get(reverse("young_person_pledge", args=[people.young_person.pk])).status_code == 200


def test_with_the_social_worker_at_work_only_they_are_told_about_a_call_back(
    people, callback_request, sweep_at,
):
    people.team.duty_worker = people.other_worker
    people.team.save()
    assert sweep_at(at(3, hour=7)) == 1
    assert stages_sent() == [("due_soon", people.social_worker.user.email)]


def test_the_duty_worker_is_not_told_about_promises_other_than_call_backs(
    people, ledger, away_with_a_duty_worker, sweep_at,
):
    assert sweep_at(at(8)) == 1
    assert stages_sent() == [("due_soon", people.social_worker.user.email)]


# --- Email delivery -----------------------------------------------------------------------------


class BrokenMailBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise SMTPException("421 The mail server is not taking mail just now")


def test_an_email_that_fails_is_retried_and_recorded_while_the_in_app_notification_stays(
    people, ledger, sweep_at, settings,
):
    settings.MAILERS = {"default": {"BACKEND": "tests.test_notifications.BrokenMailBackend"}}
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


# --- Running it ---------------------------------------------------------------------------------


def test_manage_py_sweep_ledger_runs_the_sweep_and_prints_the_count(people, ledger, capsys):
    with time_machine.travel(at(16), tick=False):
        call_command("sweep_ledger")
    assert capsys.readouterr().out.strip() == "1 notification sent."
    assert stages_sent() == [("overdue", people.social_worker.user.email)]


def test_celery_beat_runs_the_sweep_every_15_minutes():
    schedule = celery_app.conf.beat_schedule["sweep-the-promise-ledger"]
    assert schedule == {"task": "notifications.sweep_ledger", "schedule": 15 * 60}
    assert "notifications.sweep_ledger" in celery_app.tasks


def test_every_task_is_acknowledged_only_when_done_and_put_back_if_its_worker_dies():
    for name in ["notifications.sweep_ledger", "notifications.deliver_email", "notifications.ledger_birthdays"]:
        task = celery_app.tasks[name]
        assert (task.acks_late, task.reject_on_worker_lost) == (True, True), name


def test_the_sweep_task_runs_the_sweep(people, ledger):
    with time_machine.travel(at(16), tick=False):
        assert celery_app.tasks["notifications.sweep_ledger"].apply().get() == 1


def test_a_sweep_works_through_more_rows_than_fit_in_one_batch(people, ledger):
    for _ in range(4):
        young_person = YoungPersonFactory(council=people.council, became_looked_after_on=CAME_INTO_CARE)
        AllocationFactory(young_person=young_person, worker=people.social_worker)
        ledger_recompute(young_person=young_person)
    with time_machine.travel(at(16), tick=False):
        assert sweep(batch_size=2) == 5
    assert Notification.objects.filter(stage="overdue").count() == 5


@pytest.mark.django_db(transaction=True)
def test_two_sweeps_at_once_create_each_notification_exactly_once(people, ledger):
    young_people = [YoungPersonFactory(council=people.council, became_looked_after_on=CAME_INTO_CARE)
                    for _ in range(24)]
    for young_person in young_people:
        AllocationFactory(young_person=young_person, worker=people.social_worker)
        ledger_recompute(young_person=young_person)
    overdue = 1 + len(young_people)  # Robin's row and theirs, all due on 15 December
    assert LedgerEntry.objects.filter(status="open", next_alert_at__lte=at(16)).count() == overdue

    start = threading.Barrier(2)
    counts, errors = [], []

    def one_sweep():
        try:
            start.wait()
            counts.append(sweep(now=at(16), batch_size=4))
        except Exception as error:  # reported below: a thread's exception would otherwise vanish
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=one_sweep) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    assert sum(counts) == overdue
    assert Notification.objects.count() == overdue
    assert Notification.objects.values("entry").distinct().count() == overdue
    assert DeliveryAttempt.objects.filter(channel="in_app").count() == overdue
    assert DeliveryAttempt.objects.filter(channel="email", succeeded=True).count() == overdue
    assert len(mail.outbox) == overdue


# --- The Notifications page ---------------------------------------------------------------------


def notify(user, young_person, subject, **fields):
    return Notification.objects.create(recipient=user, young_person=young_person, stage="overdue",
                                       subject=subject, body=f"{subject}.", **fields)


def test_a_worker_sees_their_notifications_newest_first_with_the_unread_ones_tagged(client, people):
    with time_machine.travel(at(1), tick=False):
        notify(people.social_worker.user, people.young_person, "Older and read", read_at=at(2))
    with time_machine.travel(at(3), tick=False):
        notify(people.social_worker.user, people.young_person, "Newer and unread")
    notify(people.other_worker.user, people.other_young_person, "Someone else's")
    client.force_login(people.social_worker.user)
    html = client.get(reverse("notifications")).content.decode()
    assert html.index("Newer and unread") < html.index("Older and read")
    assert html.count('<strong class="govuk-tag govuk-tag--blue">Unread</strong>') == 1
    assert reverse("young_person_pledge", args=[people.young_person.pk]) in html
    assert "Someone else" not in html
    assert "Mark all as read" in html


def test_mark_all_as_read_marks_only_the_workers_own(client, people):
    mine = notify(people.social_worker.user, people.young_person, "Mine")
    theirs = notify(people.other_worker.user, people.other_young_person, "Theirs")
    client.force_login(people.social_worker.user)
    response = client.post(reverse("notifications_mark_read"))
    assert response.status_code == 302
    assert response["Location"] == reverse("notifications")
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.read_at is not None
    assert theirs.read_at is None
    html = client.get(reverse("notifications")).content.decode()
    assert "1 notification marked as read." in html
    assert "govuk-tag--blue" not in html


def test_mark_all_as_read_refuses_a_get(client, people):
    notify(people.social_worker.user, people.young_person, "Mine")
    client.force_login(people.social_worker.user)
    assert client.get(reverse("notifications_mark_read")).status_code == 405
    assert Notification.objects.get().read_at is None


@pytest.mark.parametrize("method, url_name", [("get", "notifications"), ("post", "notifications_mark_read")])
def test_a_young_person_gets_404_from_the_notifications_pages(client, people, method, url_name):
    client.force_login(people.young_person.user)
    assert getattr(client, method)(reverse(url_name)).status_code == 404


def test_a_logged_out_visitor_is_sent_to_login_from_notifications(client, people):
    response = client.get(reverse("notifications"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_the_notifications_page_makes_the_same_few_queries_however_many_there_are(
    client, people, django_assert_num_queries,
):
    client.force_login(people.social_worker.user)
    # Session, user (with worker and council), SAVEPOINT (ATOMIC_REQUESTS), the notifications, RELEASE, and one INSERT
    # logging the young people they name (casework.audit).
    notify(people.social_worker.user, people.young_person, "The first")
    with django_assert_num_queries(6):
        assert "The first" in client.get(reverse("notifications")).content.decode()
    other = YoungPersonFactory(council=people.council)
    for n in range(20):
        notify(people.social_worker.user, other if n % 2 else people.young_person, f"Number {n}")
    with django_assert_num_queries(6):
        html = client.get(reverse("notifications")).content.decode()
    assert html.count("govuk-tag--blue") == 21
