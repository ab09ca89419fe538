"""End to end (issue 17): a young person who chose texts asks for a call-back on the page; once it commits, the
enqueue goes through Redis (db 11) to a real `celery worker` process, which sends the text to a local GOV.UK Notify
(tests/fake_notify.py) and records the DeliveryAttempt in this test's database. Notify answering 500 or 400 is
recorded as a failed attempt, and the call-back request is kept either way."""
import uuid

import pytest
import redis
from django.urls import reverse

from casework.models import CallbackRequest
from casework.working_days import format_day
from notifications.models import DeliveryAttempt, Notification, Stage
from pledge_portal.celery import app as celery_app
from pledges.callback_views import callback_clock
from pledges.models import Promise

from . import fake_notify
from .celery_workers import REDIS_URL, start_worker, stop_worker, wait_for
from .factories import YoungPersonFactory, callback_measure
from .test_broker_down import point_celery_at
from .text_helpers import wants_texts

pytestmark = pytest.mark.celery_worker

# This branch's own Redis database, so no other test's worker takes its tasks (nor it theirs).
TEXTS_REDIS = REDIS_URL.rsplit("/", 1)[0] + "/11"


@pytest.fixture
def notify_and_worker(transactional_db, monkeypatch):
    """A local Notify, and one `celery worker` with the key pointed at it, taking this process's enqueues from Redis db
    11's default queue (emptied first: nothing left from an earlier run). transactional_db: the page's transaction
    really commits, so its on-commit enqueue really runs."""
    server = fake_notify.start()
    redis.Redis.from_url(TEXTS_REDIS).flushdb()
    monkeypatch.setenv("CELERY_BROKER_URL", TEXTS_REDIS)
    before = celery_app.conf.broker_url, celery_app.conf.broker_transport_options
    point_celery_at(TEXTS_REDIS, {"visibility_timeout": 3600})
    queue = celery_app.conf.task_default_queue
    worker = start_worker(queue, f"texts-{uuid.uuid4().hex[:8]}", CELERY_BROKER_URL=TEXTS_REDIS,
                          CELERY_RESULT_BACKEND=TEXTS_REDIS, CELERY_TASK_DEFAULT_QUEUE=queue,
                          NOTIFY_API_KEY=fake_notify.API_KEY, NOTIFY_BASE_URL=server.base_url,
                          NOTIFY_SMS_TEMPLATE_ID=fake_notify.TEMPLATE_ID, SITE_URL="https://pledges.council.gov.uk")
    try:
        yield server
    finally:
        stop_worker(worker)
        point_celery_at(*before)
        redis.Redis.from_url(TEXTS_REDIS).flushdb()
        server.shutdown()
        server.server_close()


def _ask(client, young_person, phone):
    client.force_login(young_person.user)
    response = client.post(reverse("callback_request_new"), {"phone": phone, "message": "About Robin's school trip",
                                                             "best_time": "After 4"})
    assert response.status_code == 302
    return CallbackRequest.objects.get(young_person=young_person)


def _text_attempt(young_person):
    """The first try at texting them (a 500 is tried again, so there may be more by the time it is read)."""
    attempts = DeliveryAttempt.objects.filter(channel="sms", notification__young_person=young_person).order_by("pk")
    wait_for(attempts.exists, timeout=60)
    return attempts.first()


def test_a_call_back_request_is_texted_by_a_real_worker_and_notify_failing_is_recorded(
        client, people, small_pledge, notify_and_worker):
    notify = notify_and_worker
    callback_measure(people.council, promise=Promise.objects.filter(section__pledge=small_pledge).first())
    robin, sky = people.young_person, people.other_young_person
    third = YoungPersonFactory(council=people.council, first_name="Kit", last_name="Fern")
    for young_person in (robin, sky, third):
        wants_texts(young_person.user)

    request = _ask(client, robin, "07700 900982")
    attempt = _text_attempt(robin)
    assert attempt.succeeded and attempt.error == ""
    [sent] = notify.received
    promised = format_day(callback_clock(request).due_on)
    assert sent == {"phone_number": "07700900982", "template_id": fake_notify.TEMPLATE_ID,
                    "personalisation": {"body": f"We've got your request. We'll call you back by {promised}."},
                    "reference": f"notification-{attempt.notification_id}"}
    assert attempt.reference != "log" and len(attempt.reference) == 36

    notify.answer_with = 500  # Notify is failing: recorded; the worker will try again later
    _ask(client, sky, "07700 900983")
    failed = _text_attempt(sky)
    assert not failed.succeeded and failed.error == "HTTPError: 500 - [{'error': 'Exception', 'message': " \
                                                    "'Internal server error'}]"

    notify.answer_with = 400  # Notify refuses: recorded, not tried again
    _ask(client, third, "07700 900984")
    refused = _text_attempt(third)
    assert not refused.succeeded and refused.error.startswith("Refused by GOV.UK Notify: 400 - ")
    assert {status for status, _why in notify.refused} == {500, 400}
    assert len(notify.received) == 1
    # Each request is kept, and each young person's notification is on record beside its failed text.
    assert CallbackRequest.objects.count() == 3
    assert Notification.objects.filter(stage=Stage.CALLBACK_ASKED).count() == 3
