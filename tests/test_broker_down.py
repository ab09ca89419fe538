"""With Redis down, every page still works and says nothing alarming: what a request saved is saved, the
notifications it wrote wait in the portal, and the sweep after Redis is back enqueues their emails, each once.

The only enqueue a web request makes is a notification's email (notifications.delivery.notification_create, on
commit): a young person's "no, this promise is not being kept" is the page that makes one. These tests commit
(transaction=True), so the on-commit enqueue really runs against the closed port, as on a live site.
"""
import logging
import runpy
from datetime import timedelta
from pathlib import Path

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from casework.models import CallbackRequest, Concern
from notifications.delivery import notification_emails_catch_up
from notifications.models import DeliveryAttempt, Notification
from notifications.tasks import deliver_email, sweep_ledger
from pledge_portal.celery import app as celery_app
from pledges.models import Promise, PromiseFeedback

from .factories import feedback_measure

SHARED = "We will work hard to sort out any problems or worries"


def point_celery_at(broker_url: str, transport_options: dict) -> None:
    """What CELERY_BROKER_URL and CELERY_BROKER_TRANSPORT_OPTIONS set, changed for a running app: the
    connections it already holds are closed so the next enqueue connects afresh."""
    celery_app.conf.broker_url = broker_url
    celery_app.conf.broker_transport_options = transport_options
    celery_app.close()
    celery_app.amqp._producer_pool = None


@pytest.fixture
def redis_down(monkeypatch):
    """Celery's broker is a port nobody listens on, with short timeouts, as when Redis has stopped. Celery reads
    the CELERY_BROKER_URL environment variable before its own setting (CI sets it), so that changes too."""
    before = celery_app.conf.broker_url, celery_app.conf.broker_transport_options
    monkeypatch.setenv("CELERY_BROKER_URL", "redis://127.0.0.1:1/0")
    point_celery_at("redis://127.0.0.1:1/0", {"socket_connect_timeout": 1, "socket_timeout": 1})
    yield
    point_celery_at(*before)


@pytest.fixture
def promise(people, small_pledge):
    feedback_measure(people.council)
    return Promise.objects.get(section__pledge=small_pledge, text=SHARED)


def enqueue_failures(caplog) -> list[logging.LogRecord]:
    return [record for record in caplog.records if "on_commit" in record.getMessage()]


@pytest.mark.django_db(transaction=True)
def test_with_redis_down_a_young_person_still_asks_for_a_call_back(client, people, redis_down):
    client.force_login(people.young_person.user)
    response = client.post(reverse("callback_request_new"), {"phone": "07700 900982", "message": "About my school",
                                                             "best_time": "After 4"},
                           follow=True)
    assert response.status_code == 200
    assert "We have your request." in response.content.decode()
    assert CallbackRequest.objects.get().message == "About my school"


@pytest.mark.django_db(transaction=True)
def test_with_redis_down_a_young_person_still_sends_a_worry(client, people, redis_down):
    client.force_login(people.young_person.user)
    response = client.post(reverse("concern_new"), {"kind": "worry", "audience": "worker",
                                                    "text": "I don't feel listened to."}, follow=True)
    assert response.redirect_chain == [(reverse("my_concerns"), 302)]
    assert "We have your message. Someone will reply within 2 working days." in response.content.decode()
    assert Concern.objects.get().text == "I don't feel listened to."


@pytest.mark.django_db(transaction=True)
def test_with_redis_down_a_young_persons_no_is_saved_and_their_worker_told_in_the_portal(
    client, people, promise, redis_down, caplog,
):
    client.force_login(people.young_person.user)
    response = client.post(reverse("feedback_new", args=[promise.pk]),
                           {"answer": "no", "comment": "Nobody listens to me."}, follow=True)
    html = response.content.decode()
    assert response.redirect_chain == [(f"{reverse('my_pledge')}#promise-{promise.pk}", 302)]
    assert "Thank you for telling us. Your social worker will reply by" in html
    assert "Redis" not in html and "error" not in html.lower()
    assert PromiseFeedback.objects.get().comment == "Nobody listens to me."
    assert Notification.objects.count() == 2  # the worker and the team manager
    assert not DeliveryAttempt.objects.filter(channel="email").exists()
    failures = enqueue_failures(caplog)
    assert len(failures) == 2 and all(record.levelno == logging.ERROR for record in failures)


@pytest.mark.django_db(transaction=True)
def test_with_redis_down_a_worker_still_replies_to_a_young_person(client, people, promise, redis_down):
    client.force_login(people.young_person.user)
    client.post(reverse("feedback_new", args=[promise.pk]), {"answer": "no", "comment": "Nobody listens to me."})
    feedback = PromiseFeedback.objects.get()
    client.force_login(people.social_worker.user)
    response = client.post(reverse("feedback_reply", args=[feedback.pk]), {"reply": "I will ring you today."},
                           follow=True)
    assert response.redirect_chain == [(reverse("feedback_list"), 302)]
    assert "Your reply to Robin Ash has been sent." in response.content.decode()
    feedback.refresh_from_db()
    assert feedback.reply == "I will ring you today."


@pytest.mark.django_db(transaction=True)
def test_once_redis_is_back_the_next_sweep_emails_what_was_written_while_it_was_down_once_each(
    client, people, promise, redis_down, tasks_run_in_the_test,
):
    celery_app.conf.task_always_eager = False  # the answer's enqueue meets the closed port
    client.force_login(people.young_person.user)
    client.post(reverse("feedback_new", args=[promise.pk]), {"answer": "no", "comment": "Nobody listens to me."})
    assert Notification.objects.count() == 2 and mail.outbox == []

    celery_app.conf.task_always_eager = True  # Redis is back: the tasks run here
    later = timezone.now() + timedelta(minutes=16)
    with time_machine.travel(later, tick=False):
        sweep_ledger()
        sweep_ledger()  # the next sweep sends nothing more
    emailed = DeliveryAttempt.objects.filter(channel="email", succeeded=True)
    assert emailed.count() == emailed.values("notification").distinct().count() == 2
    assert sorted(email.to[0] for email in mail.outbox) == sorted(
        [people.social_worker.user.email, people.manager.user.email])


# --- Which emails the catch-up enqueues ------------------------------------------------------------------


def never_emailed(people, created_at) -> Notification:
    notification = Notification.objects.create(recipient=people.social_worker.user, young_person=people.young_person,
                                               stage="overdue", subject="Overdue", body="Overdue.")
    Notification.objects.filter(pk=notification.pk).update(created_at=created_at)
    return notification


@pytest.mark.django_db
@pytest.mark.parametrize("age, enqueued", [
    (timedelta(minutes=14, seconds=59), 0),  # its own email may still be waiting in the queue
    (timedelta(minutes=15), 1),
    (timedelta(days=6, hours=23), 1),
    (timedelta(days=7), 0),  # no longer news by email: it waits in the portal
])
def test_the_catch_up_emails_a_notification_never_tried_from_15_minutes_to_7_days_old(
    people, tasks_run_in_the_test, age, enqueued,
):
    now = timezone.now()
    never_emailed(people, now - age)
    assert notification_emails_catch_up(now=now) == enqueued
    assert len(mail.outbox) == enqueued


@pytest.mark.django_db
def test_the_catch_up_leaves_an_email_that_failed_to_its_retries(people, tasks_run_in_the_test):
    now = timezone.now()
    notification = never_emailed(people, now - timedelta(hours=1))
    DeliveryAttempt.objects.create(notification=notification, channel="email", succeeded=False, error="SMTPError")
    assert notification_emails_catch_up(now=now) == 0
    assert mail.outbox == []


def test_with_redis_a_dead_workers_task_comes_back_only_after_the_longest_task_or_retry_wait(monkeypatch):
    monkeypatch.setenv("CELERY_BROKER_URL", "redis://redis.example:6379/0")
    settings = runpy.run_path(str(Path(__file__).resolve().parent.parent / "pledge_portal" / "settings.py"))
    options = settings["CELERY_BROKER_TRANSPORT_OPTIONS"]
    # Sooner, and a task still running (or an email waiting to retry) would be handed to a second worker.
    assert options["visibility_timeout"] > settings["CELERY_TASK_TIME_LIMIT"]
    assert options["visibility_timeout"] > deliver_email.retry_backoff_max
    # A Redis that does not answer holds a page for seconds, not the OS's minutes.
    assert options["socket_connect_timeout"] <= 2
