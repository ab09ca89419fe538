"""The deadline sweep: who is told what and when, exactly once, and how it runs (manage.py, Celery beat, batches,
two sweeps at once).

Dates: a young person came into care on Monday 3 November 2025 and the council promises their social
worker is in touch at least every 6 weeks, so the first contact is due on Monday 15 December. The worker
is warned 7 days before (from midnight on 8 December), told it is overdue from midnight on 16 December,
and the team manager is told from midnight on 23 December (7 days overdue).
"""
import logging
import threading
from datetime import date

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.db import connections
from django.urls import reverse

from casework.models import CallbackRequest, Contact, ContactKind
from notifications.models import DeliveryAttempt, Notification
from notifications.sweep import sweep
from pledge_portal.celery import app as celery_app
from pledges.ledger import ledger_recompute
from pledges.models import Basis, LedgerEntry, Measure

from .factories import AllocationFactory, YoungPersonFactory
from .notification_helpers import CAME_INTO_CARE, MEASURE_NAME, at
from .notification_helpers import contact_measure, emails_one_by_one, ledger, sweep_at  # noqa: F401 (fixtures)

# Emails enqueued with deliver_email.delay() run at once, in this process (conftest.tasks_run_in_the_test).
pytestmark = pytest.mark.usefixtures("tasks_run_in_the_test", "emails_one_by_one")


@pytest.fixture
def callback_measure(people):
    return Measure.objects.create(
        council=people.council, key="call-back", name="Call back within 2 working days", basis=Basis.PLEDGE,
        rule="within", params={"working_days": 2, "counts": "callback"}, warn_days_before=0,
        escalate_after_days=7,
    )


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
    # The email names nobody (notifications.email_words): the portal, behind sign-in, says who.
    assert email.subject == f"Due soon: {MEASURE_NAME} for a young person on your caseload (due Monday 15 December)"
    assert "Robin" not in email.body and "Ash" not in email.body
    assert f"http://127.0.0.1:8000{reverse('young_person_pledge', args=[people.young_person.pk])}" in email.body
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
