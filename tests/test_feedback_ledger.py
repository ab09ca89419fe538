"""The reply clock: a young person's "no, this promise is not being kept" that says why starts it (so does a "not
really" that says why: tests/test_feedback_not_really_clock.py), the reply stops
it, and both the young person and the worker see it in plain words, at the edges of its 5 working days."""
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from pledges.models import LedgerEntry, Promise
from pledges.services import promise_feedback_give, promise_feedback_reply

from .factories import feedback_measure

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
State = LedgerEntry.State
SHARED = "We will work hard to sort out any problems or worries"
GIVEN = datetime(2026, 11, 23, 10, tzinfo=LONDON)  # a Monday: due 5 working days later, Monday 30 November


@pytest.fixture
def measure(people, small_pledge):
    return feedback_measure(people.council)


@pytest.fixture
def promise(small_pledge):
    return Promise.objects.get(section__pledge=small_pledge, text=SHARED)


def give(people, promise, answer="no", comment="My worker never answers my messages.", now=GIVEN):
    return promise_feedback_give(young_person=people.young_person, promise=promise, answer=answer, comment=comment,
                                 now=now)


def clock(people, measure):
    return LedgerEntry.objects.get(young_person=people.young_person, measure=measure)


def test_a_no_that_says_why_is_due_a_reply_within_five_working_days(people, measure, promise):
    feedback = give(people, promise)
    entry = clock(people, measure)
    assert (entry.status, entry.cycle_start, entry.due_on, entry.trigger_id, entry.started_by) == (
        "open", date(2026, 11, 23), date(2026, 11, 30), feedback.pk, "feedback")
    assert entry.explanation == "5 working days after Monday 23 November: the weekend does not count."
    assert entry.pledge_version is None  # a reply about any promise: the measure is on no one promise


@pytest.mark.parametrize("answer, comment", [("yes", "All good"), ("not_really", ""), ("not_really", "   "), ("no", "")])
def test_other_answers_start_no_clock(people, measure, promise, answer, comment):
    give(people, promise, answer=answer, comment=comment)
    assert not LedgerEntry.objects.filter(measure=measure).exists()


@pytest.mark.parametrize(("today", "state", "sentence"), [
    (date(2026, 11, 28), State.ON_TRACK, "will reply to what you told us by Monday 30 November."),
    (date(2026, 11, 29), State.DUE_SOON, "will reply to what you told us by Monday 30 November."),  # the day before
    (date(2026, 11, 30), State.DUE_TODAY, "will reply to what you told us by Monday 30 November."),  # the day
    (date(2026, 12, 1), State.OVERDUE, "should have replied to what you told us by Monday 30 November, and we "
                                       "are sorry they have not yet."),  # the day after
])
def test_the_clock_at_its_edges_as_the_young_person_reads_it(client, people, measure, promise, today, state,
                                                            sentence):
    give(people, promise)
    with time_machine.travel(datetime(today.year, today.month, today.day, 12, tzinfo=LONDON), tick=False):
        client.force_login(people.young_person.user)  # signed in that day (a session from days before has ended)
        assert clock(people, measure).state_on(today) == state
        html = client.get(reverse("my_pledge")).content.decode()
    assert f"Your social worker {sentence}" in html


@pytest.mark.parametrize(("replied", "state"), [
    (datetime(2026, 11, 27, 17, tzinfo=LONDON), State.MET_ON_TIME),  # the Friday before
    (datetime(2026, 11, 30, 23, 30, tzinfo=LONDON), State.MET_ON_TIME),  # late on the day
    (datetime(2026, 12, 1, 0, 5, tzinfo=LONDON), State.MET_LATE),  # just after midnight
])
def test_the_reply_stops_the_clock_on_time_or_late(people, measure, promise, replied, state):
    feedback = give(people, promise)
    promise_feedback_reply(feedback=feedback, worker=people.social_worker, reply="I am sorry. I will call you today.",
                           now=replied)
    entry = clock(people, measure)
    assert (entry.status, entry.met_on, entry.met_by, entry.met_by_id) == ("met", replied.date(), "reply", feedback.pk)
    assert entry.state_on(date(2026, 12, 10)) == state
    assert entry.next_alert_at is None


@pytest.mark.parametrize(("given", "due", "holidays"), [
    (datetime(2026, 12, 23, 15, tzinfo=LONDON), date(2027, 1, 4), "25 December, 28 December and 1 January are bank "
                                                                  "holidays"),
    (datetime(2026, 12, 31, 9, tzinfo=LONDON), date(2027, 1, 8), "1 January is a bank holiday"),
    (datetime(2026, 11, 21, 11, tzinfo=LONDON), date(2026, 11, 27), None),  # a Saturday: counts from Monday
    (datetime(2026, 11, 23, 23, 30, tzinfo=LONDON), date(2026, 11, 30), None),  # late evening is still that day
])
def test_bank_holidays_and_weekends_do_not_count(people, measure, promise, given, due, holidays):
    give(people, promise, now=given)
    entry = clock(people, measure)
    assert entry.due_on == due
    if holidays:
        assert holidays in entry.explanation
    else:
        assert "bank holiday" not in entry.explanation


def test_across_christmas_the_day_before_the_day_and_the_day_after(people, measure, promise):
    give(people, promise, now=datetime(2026, 12, 23, 15, tzinfo=LONDON))
    entry = clock(people, measure)
    assert [entry.state_on(day) for day in (date(2027, 1, 3), date(2027, 1, 4), date(2027, 1, 5))] == [
        State.DUE_SOON, State.DUE_TODAY, State.OVERDUE]


def test_a_later_answer_does_not_stop_the_clock_of_one_still_owed_a_reply(people, measure, promise):
    give(people, promise)
    give(people, promise, answer="yes", comment="", now=datetime(2026, 11, 25, 9, tzinfo=LONDON))
    assert clock(people, measure).status == "open"


def test_the_worker_reads_the_clock_in_plain_words_on_their_caseload(client, people, measure, promise):
    give(people, promise)
    with time_machine.travel(datetime(2026, 11, 28, 9, tzinfo=LONDON), tick=False):
        client.force_login(people.social_worker.user)
        html = client.get(reverse("young_person_overview", args=[people.young_person.pk])).content.decode()
    assert "Reply to what they told us about a promise: due Monday 30 November (in 2 days)." in html
