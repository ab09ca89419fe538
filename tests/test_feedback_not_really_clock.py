"""A "not really" that says why is owed a reply like a "no": the same clock (5 working days, declared once in
pledges.ledger.registry.FEEDBACK), the same edges, the same bank holidays, and the reply stops it."""
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from pledges.ledger.registry import COUNTS, FEEDBACK
from pledges.models import LedgerEntry, Promise, PromiseFeedback
from pledges.services import promise_feedback_give, promise_feedback_reply

from .factories import feedback_measure

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
State = LedgerEntry.State
SHARED = "We will work hard to sort out any problems or worries"
GIVEN = datetime(2026, 11, 23, 10, tzinfo=LONDON)  # a Monday: due 5 working days later, Monday 30 November
REASON = "My worker rings sometimes but it is always when I am at college."


@pytest.fixture
def measure(people, small_pledge):
    return feedback_measure(people.council)


@pytest.fixture
def promise(small_pledge):
    return Promise.objects.get(section__pledge=small_pledge, text=SHARED)


def give(people, promise, comment=REASON, now=GIVEN):
    return promise_feedback_give(young_person=people.young_person, promise=promise, answer="not_really",
                                 comment=comment, now=now)


def clock(people, measure):
    return LedgerEntry.objects.get(young_person=people.young_person, measure=measure)


def test_the_registry_is_the_one_place_that_says_which_answers_start_the_clock():
    assert COUNTS["feedback"].reads() == [FEEDBACK]
    assert set(FEEDBACK.filters["answer__in"]) == {PromiseFeedback.Answer.NO, PromiseFeedback.Answer.NOT_REALLY}


def test_a_not_really_that_says_why_starts_a_five_working_day_clock(people, measure, promise):
    feedback = give(people, promise)
    assert feedback.needs_reply
    entry = clock(people, measure)
    assert (entry.status, entry.cycle_start, entry.due_on, entry.trigger_id, entry.started_by) == (
        "open", date(2026, 11, 23), date(2026, 11, 30), feedback.pk, "feedback")


def test_a_not_really_without_a_reason_starts_none(people, measure, promise):
    assert not give(people, promise, comment="").needs_reply
    assert not LedgerEntry.objects.filter(measure=measure).exists()


@pytest.mark.parametrize(("today", "state"), [
    (date(2026, 11, 29), State.DUE_SOON),  # the day before
    (date(2026, 11, 30), State.DUE_TODAY),  # the day
    (date(2026, 12, 1), State.OVERDUE),  # the day after
])
def test_the_clock_at_its_edges(client, people, measure, promise, today, state):
    give(people, promise)
    with time_machine.travel(datetime(today.year, today.month, today.day, 12, tzinfo=LONDON), tick=False):
        assert clock(people, measure).state_on(today) == state
        client.force_login(people.social_worker.user)
        html = client.get(reverse("feedback_list")).content.decode()
    waiting = html.split("Waiting for a reply", 1)[-1] if "Waiting for a reply" in html else html
    assert REASON in waiting


@pytest.mark.parametrize(("replied", "state"), [
    (datetime(2026, 11, 30, 23, 30, tzinfo=LONDON), State.MET_ON_TIME),  # late on the day
    (datetime(2026, 12, 1, 0, 5, tzinfo=LONDON), State.MET_LATE),  # just after midnight
])
def test_the_reply_stops_it(people, measure, promise, replied, state):
    feedback = give(people, promise)
    promise_feedback_reply(feedback=feedback, worker=people.social_worker, reply="Let us find a time that works.",
                           now=replied)
    entry = clock(people, measure)
    assert (entry.status, entry.met_by_id) == ("met", feedback.pk)
    assert entry.state_on(date(2026, 12, 10)) == state


def test_across_christmas_bank_holidays_do_not_count(people, measure, promise):
    give(people, promise, now=datetime(2026, 12, 23, 15, tzinfo=LONDON))
    entry = clock(people, measure)
    assert entry.due_on == date(2027, 1, 4)
    assert "25 December, 28 December and 1 January are bank holidays" in entry.explanation
    assert [entry.state_on(day) for day in (date(2027, 1, 3), date(2027, 1, 4), date(2027, 1, 5))] == [
        State.DUE_SOON, State.DUE_TODAY, State.OVERDUE]


def test_the_young_person_is_told_who_will_reply_and_by_when(client, people, measure, promise):
    with time_machine.travel(GIVEN, tick=False):
        client.force_login(people.young_person.user)
        response = client.post(reverse("feedback_new", args=[promise.pk]),
                               {"answer": "not_really", "comment": REASON}, follow=True)
    assert "will reply by Monday 30 November" in response.content.decode()
