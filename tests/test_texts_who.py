"""Who is texted what (issue 17): a worker who chose texts gets the urgent notifications (call-backs and worries) by
text too, in the day, never the others; a young person who chose texts is told of each reply for them. No text ever
carries a child's name or anyone's words: every text the code can send is checked."""
import re
from datetime import datetime, timedelta, timezone

import pytest
import time_machine
from django.core import mail

from casework.contacts.services import callback_attempt_record, callback_request_create
from casework.models import CallbackAttempt, Concern
from casework.worries.services import concern_addition_add, concern_respond
from notifications.models import YOUNG_PERSON_STAGES, DeliveryAttempt, Notification, Stage
from notifications.texts import URGENT_COUNTS, notification_texts_catch_up, text_body, texting_hours
from pledges.models import LedgerEntry, Measure, Promise
from pledges.services import promise_feedback_give, promise_feedback_reply

from .concern_helpers import ConcernFactory
from .notification_helpers import contact_measure, ledger, sweep_at  # noqa: F401 (fixtures)
from .text_helpers import LONDON, MONDAY, callbacks, notify, wants_texts  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db

ASKED_FOR_A_CALL = "Pledge Portal: a young person on your caseload has asked for a call-back. Sign in to see it: "
# The GSM alphabet a text is sent in without falling back to 70-character segments (letters, digits, the usual marks).
GSM = re.compile(r"[A-Za-z0-9 .,:;'!?()/@&%+\-=_\"#*<>\n]*")


def at(day, hour, minute=0):
    return datetime(2026, 11, day, hour, minute, tzinfo=LONDON)


def _callback_asked(people):
    with time_machine.travel(MONDAY, tick=False):
        return callback_request_create(young_person=people.young_person, message="Please ring me about my brother",
                                       best_time="", now=MONDAY)


def test_a_worker_who_chose_texts_is_texted_a_call_back_request_in_the_morning_not_at_midnight(
        callbacks, notify, sweep_at, tasks_run_in_the_test):
    """The call-back is due on Wednesday 25 November; the sweep tells the worker from midnight (in the portal and by
    email at once); the text waits for 8am, when the catch-up after the sweep sends it."""
    wants_texts(callbacks.social_worker.user, mobile="07700 900301")
    _callback_asked(callbacks)
    assert sweep_at(at(25, 0, 5)) == 1
    notification = Notification.objects.get(recipient=callbacks.social_worker.user)
    assert notification.attempts.filter(channel__in=["in_app", "email"], succeeded=True).count() == 2
    assert notify.received == []
    with time_machine.travel(at(25, 7, 59), tick=False):
        assert notification_texts_catch_up(now=at(25, 7, 59)) == 0
    with time_machine.travel(at(25, 8, 0), tick=False):
        assert notification_texts_catch_up(now=at(25, 8, 0)) == 1
    [sent] = notify.received
    assert sent["phone_number"] == "07700900301"
    assert sent["personalisation"]["body"] == (
        f"{ASKED_FOR_A_CALL}https://pledges.council.gov.uk/young-people/{callbacks.young_person.pk}/pledge/")
    assert notification.attempts.get(channel="sms").succeeded


def test_in_the_day_the_worker_is_texted_at_once_and_later_reminders_too(callbacks, notify, sweep_at,
                                                                         tasks_run_in_the_test):
    wants_texts(callbacks.social_worker.user, mobile="07700 900301")
    wants_texts(callbacks.manager.user, mobile="07700 900401")
    _callback_asked(callbacks)
    sweep_at(at(25, 9))  # due today
    sweep_at(at(26, 9))  # overdue
    sweep_at(at(27, 9))  # still overdue: the manager
    sent = [(body["phone_number"], body["personalisation"]["body"].split(" Sign in")[0]) for body in notify.received]
    assert sent == [
        ("07700900301", ASKED_FOR_A_CALL.split(" Sign in")[0]),
        ("07700900301", "Pledge Portal: a call-back a young person asked for is overdue."),
        ("07700900401", "Pledge Portal: a call-back a young person asked for is still overdue."),
    ]


def test_a_worker_is_not_texted_the_reminders_that_are_not_urgent_nor_without_choosing_texts(
        people, ledger, notify, sweep_at, tasks_run_in_the_test):
    """The contact reminder (tests/notification_helpers.py) is emailed (at once, to one who chose an email for
    each), not texted."""
    wants_texts(people.social_worker.user, mobile="07700 900301", daily_digest=False)
    assert sweep_at(datetime(2025, 12, 8, 9, tzinfo=LONDON)) == 1
    assert len(mail.outbox) == 1 and notify.received == []
    assert not DeliveryAttempt.objects.filter(channel="sms").exists()
    assert notification_texts_catch_up(now=datetime(2025, 12, 8, 10, tzinfo=LONDON)) == 0


def test_a_worker_who_chose_texts_is_texted_when_a_young_person_adds_to_their_worry(
        people, notify, tasks_run_in_the_test, django_capture_on_commit_callbacks):
    wants_texts(people.social_worker.user, mobile="+44 7700 900301")
    worry = ConcernFactory(young_person=people.young_person, text="Robin's words about home")
    with time_machine.travel(at(24, 15), tick=False), django_capture_on_commit_callbacks(execute=True):
        concern_addition_add(concern=worry, young_person=people.young_person, text="It happened again",
                             now=at(24, 15))
    [sent] = notify.received
    assert sent["phone_number"] == "07700900301" and sent["personalisation"]["body"] == (
        f"Pledge Portal: a young person has added to their worry. Sign in to see it: "
        f"https://pledges.council.gov.uk/concerns/{worry.pk}/")
    assert Notification.objects.get().attempts.filter(succeeded=True).count() == 3  # in the portal, email, text


def _replies(people, small_pledge):
    """Every reply a young person can be texted about, from the services staff use."""
    worker = people.social_worker
    request = _callback_asked(people)
    callback_attempt_record(request=request, worker=worker, outcome=CallbackAttempt.Outcome.NOT_REACHED,
                            note="Voicemail", now=MONDAY + timedelta(hours=1))
    callback_attempt_record(request=request, worker=worker, outcome=CallbackAttempt.Outcome.REACHED,
                            note="Talked about her brother", now=MONDAY + timedelta(hours=2))  # no text: we spoke
    for kind in Concern.Kind.values:
        concern = ConcernFactory(young_person=people.young_person, kind=kind, text="Robin's words about home")
        concern_respond(concern=concern, worker=worker, text="Sita's answer", now=MONDAY, resolves=False)
    promise = Promise.objects.filter(section__pledge=small_pledge).first()
    feedback = promise_feedback_give(young_person=people.young_person, promise=promise, answer="no",
                                     comment="Robin's words about the promise", now=MONDAY)
    promise_feedback_reply(feedback=feedback, worker=worker, reply="Sita's reply", now=MONDAY + timedelta(hours=3))
    return Notification.objects.filter(stage__in=YOUNG_PERSON_STAGES).order_by("pk")


def test_a_young_person_who_chose_texts_is_told_of_each_reply_for_them(callbacks, small_pledge):
    wants_texts(callbacks.young_person.user)
    texts = [n.body.split(" See your")[0].split(" Sign in")[0] for n in _replies(callbacks, small_pledge)]
    assert texts == [
        "We've got your request. We'll call you back by Wednesday 25 November.",
        "We tried to call you back but couldn't reach you. We'll try again.",
        "There's a reply to your worry.",
        "There's a reply to your complaint.",
        "There's a reply to your request for an advocate.",
        "There's a reply to what you told us about a promise.",
    ]


def test_a_young_person_who_did_not_choose_texts_gets_no_notification(callbacks, small_pledge):
    assert not _replies(callbacks, small_pledge).exists()


def _every_staff_text(people) -> list[Notification]:
    """A notification to staff of every stage, about each kind of worry and each urgent measure's row (unsaved: only
    their words are read). A stage added later is in it too."""
    notifications = []
    for kind in Concern.Kind.values:
        concern = ConcernFactory(young_person=people.young_person, kind=kind, text="Robin's words about home")
        for stage in set(Stage.values) - set(YOUNG_PERSON_STAGES):
            notifications.append(Notification(recipient=people.social_worker.user, young_person=people.young_person,
                                              stage=stage, concern=concern))
            for counts in URGENT_COUNTS:
                measure = Measure(name=f"{counts} for Robin Ash", params={"counts": counts})
                entry = LedgerEntry(pk=concern.pk, measure=measure, trigger_id=concern.pk,
                                    young_person=people.young_person, due_on=MONDAY.date())
                notifications.append(Notification(recipient=people.social_worker.user, stage=stage, entry=entry,
                                                  young_person=people.young_person))
    return notifications


def test_no_text_carries_a_name_or_anyones_words_and_each_fits_one_text(callbacks, small_pledge, settings):
    settings.SITE_URL = "https://pledges.barking-dagenham.gov.uk"
    wants_texts(callbacks.young_person.user)
    young_people = list(_replies(callbacks, small_pledge))
    assert {n.stage for n in young_people} == set(YOUNG_PERSON_STAGES)
    texts = [text_body(n) for n in young_people + _every_staff_text(callbacks)]
    assert len(texts) == 6 + len(Concern.Kind.values) * (len(Stage.values) - len(YOUNG_PERSON_STAGES)) * (1 + len(URGENT_COUNTS))
    names = {"Robin", "Ash", "Rob", "Sita", "Worker", "Otherworker", "Mo", "Manager",  # the people
             "brother", "words", "home", "answer"}  # and what they wrote
    for text in texts:
        assert not names & set(re.findall(r"\w+", text)), text
        assert GSM.fullmatch(text), text
        assert len(text) <= 160, text


@pytest.mark.parametrize("moment, texted", [
    (at(25, 7, 59), False), (at(25, 8), True), (at(25, 20, 59), True), (at(25, 21), False),
    (datetime(2026, 7, 1, 7, tzinfo=timezone.utc), True),  # 8am in London in summer time
    (datetime(2026, 7, 1, 6, 59, tzinfo=timezone.utc), False),
])
def test_staff_are_texted_from_8am_until_9pm_in_the_councils_time(moment, texted):
    assert texting_hours(moment) is texted
