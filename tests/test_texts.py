"""Text messages through GOV.UK Notify (issue 17), against a local Notify (tests/fake_notify.py), never the internet:
a young person who chose texts is told we have their call-back request, with the day we promised; what Notify says
is recorded as a DeliveryAttempt; a number that is not a mobile is not texted; without a key, texts go to the log."""
import logging
import secrets
import subprocess
import sys
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from casework.contacts.services import callback_request_create
from casework.models import YoungPerson
from notifications.delivery import notification_emails_catch_up
from notifications.models import DeliveryAttempt, Notification, Stage
from notifications.notify import masked
from notifications.tasks import sweep_ledger
from notifications.texts import mobile_number, notification_text_send, notification_texts_catch_up

from . import fake_notify
from .browser import ROOT
from .test_security_settings import production_env
from .text_helpers import MONDAY, callbacks, notify, wants_texts  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db

ASKED = "We've got your request. We'll call you back by Wednesday 25 November."


def ask(client, people, phone="07700 900982"):
    client.force_login(people.young_person.user)
    return client.post(reverse("callback_request_new"),
                       {"phone": phone, "message": "About my school trip", "best_time": "After 4"})


def sms_attempts():
    return DeliveryAttempt.objects.filter(channel=DeliveryAttempt.Channel.SMS)


def test_a_young_person_who_chose_texts_is_texted_the_day_we_promised_to_call_by(
        client, callbacks, notify, tasks_run_in_the_test, django_capture_on_commit_callbacks):
    wants_texts(callbacks.young_person.user)
    with time_machine.travel(MONDAY, tick=False), django_capture_on_commit_callbacks(execute=True):
        assert ask(client, callbacks).status_code == 302
    [sent] = notify.received
    notification = Notification.objects.get(stage=Stage.CALLBACK_ASKED)
    assert sent == {"phone_number": "07700900982", "template_id": fake_notify.TEMPLATE_ID,
                    "personalisation": {"body": ASKED}, "reference": f"notification-{notification.pk}"}
    assert notification.recipient == callbacks.young_person.user and notification.body == ASKED
    attempt = sms_attempts().get()
    assert attempt.succeeded and attempt.error == "" and attempt.notification == notification
    assert len(attempt.reference) == 36  # Notify's id for it
    assert mail.outbox == []  # a young person's notification is a text, never an email
    assert notification.attempts.count() == 1  # and no line in a staff list


def test_the_number_they_give_on_the_form_is_the_one_texted_unless_they_chose_another(
        client, callbacks, notify, tasks_run_in_the_test, django_capture_on_commit_callbacks):
    wants_texts(callbacks.young_person.user, mobile="07700 900111")
    with time_machine.travel(MONDAY, tick=False), django_capture_on_commit_callbacks(execute=True):
        ask(client, callbacks, phone="07700 900982")
    assert [body["phone_number"] for body in notify.received] == ["07700900111"]


def test_without_choosing_texts_nobody_is_texted_and_nothing_is_recorded(
        client, callbacks, notify, tasks_run_in_the_test, django_capture_on_commit_callbacks):
    with time_machine.travel(MONDAY, tick=False), django_capture_on_commit_callbacks(execute=True):
        ask(client, callbacks)
    assert notify.received == [] and Notification.objects.count() == 0


@pytest.mark.parametrize("number", ["01632 960 001", "020 7946 0321", "07000 900982", "07600 900982"])
def test_a_number_that_is_not_a_mobile_is_not_texted(
        client, callbacks, notify, tasks_run_in_the_test, django_capture_on_commit_callbacks, number):
    """A landline (given on the call-back form, so their number on record), a 070 personal number, a 076 pager."""
    wants_texts(callbacks.young_person.user)
    with time_machine.travel(MONDAY, tick=False), django_capture_on_commit_callbacks(execute=True):
        ask(client, callbacks, phone=number)
    assert notify.received == []
    attempt = sms_attempts().get()
    assert not attempt.succeeded and attempt.error == "No UK mobile number to text."


@pytest.mark.parametrize("typed, number", [
    ("07700 900982", "07700900982"), ("+44 7700 900982", "07700900982"), ("07624 123456", "07624123456"),
    ("01225 477914", None), ("07000 900982", None), ("07600 900982", None), ("0800 123456", None), ("", None),
    ("not a number", None),
])
def test_only_uk_mobiles_are_texted(typed, number):
    assert mobile_number(typed) == number


def _asked(people):
    """A young person who chose texts has asked for a call-back: their notification, not yet texted."""
    wants_texts(people.young_person.user)
    YoungPerson.objects.filter(pk=people.young_person.pk).update(phone="07700 900982")
    with time_machine.travel(MONDAY, tick=False):
        callback_request_create(young_person=people.young_person, message="", best_time="", now=MONDAY)
    return Notification.objects.get(stage=Stage.CALLBACK_ASKED)


def test_notify_refusing_a_text_400_is_recorded_and_not_tried_again(callbacks, notify):
    notification = _asked(callbacks)
    notify.answer_with = 400
    assert notification_text_send(notification_id=notification.pk) is False  # nothing raised: no retry
    attempt = sms_attempts().get()
    assert not attempt.succeeded
    assert attempt.error == "Refused by GOV.UK Notify: 400 - [{'error': 'BadRequestError', 'message': \"Can't send " \
                            "to this recipient using a team-only API key\"}]"
    assert notify.refused == [(400, "Can't send to this recipient using a team-only API key")]


def test_notify_failing_500_is_recorded_and_raised_for_the_task_to_try_again_and_then_it_goes_once(callbacks, notify):
    notification = _asked(callbacks)
    notify.answer_with = 500
    with pytest.raises(Exception, match="500 - "):
        notification_text_send(notification_id=notification.pk)
    failed = sms_attempts().get()
    assert not failed.succeeded and failed.error.startswith("HTTPError: 500 - ")
    notify.answer_with = None
    assert notification_text_send(notification_id=notification.pk) is True
    assert notification_text_send(notification_id=notification.pk) is False  # a second run sends nothing
    assert len(notify.received) == 1
    assert list(sms_attempts().values_list("succeeded", flat=True)) == [False, True]


def test_a_wrong_key_is_refused_by_notify_and_recorded(callbacks, notify, settings):
    settings.NOTIFY_API_KEY = f"wrong-{fake_notify.SERVICE_ID}-00000000-0000-0000-0000-000000000000"
    notification = _asked(callbacks)
    assert notification_text_send(notification_id=notification.pk) is False
    [(status, why)] = notify.refused
    assert notify.received == [] and status == 403 and why.startswith("Invalid token: signature")
    assert "Refused by GOV.UK Notify: 403" in sms_attempts().get().error


def test_notify_not_answering_is_recorded_and_raised(callbacks, notify, settings):
    settings.NOTIFY_BASE_URL = "http://127.0.0.1:1"  # nobody listens
    notification = _asked(callbacks)
    with pytest.raises(Exception):
        notification_text_send(notification_id=notification.pk)
    assert sms_attempts().get().error == "HTTP503Error: 503 - Request failed"


def test_without_a_key_the_text_goes_to_the_log_and_is_recorded_as_such(callbacks, settings, caplog):
    settings.NOTIFY_API_KEY = ""
    notification = _asked(callbacks)
    with caplog.at_level(logging.INFO, logger="notifications.notify"):
        assert notification_text_send(notification_id=notification.pk) is True
    [line] = [record.getMessage() for record in caplog.records if record.name == "notifications.notify"]
    assert line == f"Text message (no NOTIFY_API_KEY, so to the log) to 07700****82: {ASKED}"
    attempt = sms_attempts().get()
    assert attempt.succeeded and attempt.reference == "log"
    assert masked("07700900982") == "07700****82"


def test_someone_who_stops_texts_before_it_goes_is_not_texted(callbacks, notify):
    notification = _asked(callbacks)
    callbacks.young_person.user.message_preferences.delete()
    assert notification_text_send(notification_id=notification.pk) is False
    assert notify.received == [] and sms_attempts().count() == 0


def test_a_text_never_enqueued_is_caught_up_after_the_sweep_and_never_emailed(
        callbacks, notify, tasks_run_in_the_test):
    """The broker was down when the young person asked: the catch-up after the next sweep sends it, once."""
    notification = _asked(callbacks)  # on_commit never ran: the test's transaction does not commit
    assert notification_texts_catch_up(now=MONDAY + timedelta(minutes=10)) == 0  # may still be in the queue
    with time_machine.travel(MONDAY + timedelta(minutes=20), tick=False):
        sweep_ledger.apply()  # beat's sweep, then the emails' and the texts' catch-ups
    assert notification_texts_catch_up(now=MONDAY + timedelta(minutes=35)) == 0  # tried now
    assert notification_texts_catch_up(now=MONDAY + timedelta(hours=13)) == 0
    assert [body["personalisation"]["body"] for body in notify.received] == [ASKED]
    assert sms_attempts().get(notification=notification).succeeded
    assert notification_emails_catch_up(now=MONDAY + timedelta(minutes=20)) == 0 and mail.outbox == []
    assert notification.attempts.count() == 1  # the text; no email, no line in a staff list


def test_a_notify_key_without_its_template_stops_start_up_and_says_which_to_set():
    env = production_env(SECRET_KEY=secrets.token_urlsafe(50), NOTIFY_API_KEY=fake_notify.API_KEY)
    result = subprocess.run([sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode != 0 and "Set NOTIFY_SMS_TEMPLATE_ID too" in result.stderr
    env["NOTIFY_SMS_TEMPLATE_ID"] = fake_notify.TEMPLATE_ID
    result = subprocess.run([sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
