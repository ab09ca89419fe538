"""The promise ledger: rows follow the events, at the edges of each deadline."""
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from casework.models import CallbackAttempt, ContactKind, LegalStatus
from casework.contacts.services import callback_attempt_record, callback_request_create, contact_log
from pledges.ledger import ledger_recompute
from pledges.models import LedgerEntry, MeasureOverride

from .factories import callback_measure, contact_measures

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
State = LedgerEntry.State


@pytest.fixture
def measures(people):
    people.young_person.became_looked_after_on = date(2026, 9, 1)  # a Tuesday
    people.young_person.save()
    return contact_measures(people.council)


def open_entry(young_person, measure):
    return LedgerEntry.objects.get(young_person=young_person, measure=measure, status="open")


def log(people, on, kind=ContactKind.VISIT_HOME):
    with time_machine.travel(datetime(on.year, on.month, on.day, 12, tzinfo=LONDON)):
        return contact_log(young_person=people.young_person, worker=people.social_worker, happened_on=on,
                           kind=kind, seen_alone=True, note="")


def test_coming_into_care_starts_both_clocks(people, measures):
    pledge, statutory = measures
    assert open_entry(people.young_person, pledge).due_on == date(2026, 10, 13)  # 6 weeks
    assert open_entry(people.young_person, statutory).due_on == date(2026, 9, 8)  # 1 week (regulation 28)


def test_logging_a_visit_meets_the_open_cycle_and_moves_the_due_date(people, measures):
    pledge, statutory = measures
    log(people, date(2026, 9, 5))
    met = LedgerEntry.objects.get(young_person=people.young_person, measure=statutory, cycle_start=date(2026, 9, 1))
    assert (met.status, met.met_on, met.met_by) == ("met", date(2026, 9, 5), "visit")
    assert open_entry(people.young_person, statutory).due_on == date(2026, 10, 17)
    assert open_entry(people.young_person, pledge).due_on == date(2026, 10, 17)
    assert "6 weeks after the visit on Saturday 5 September 2026" in open_entry(people.young_person, pledge).explanation


def test_a_phone_call_keeps_the_councils_promise_but_is_not_a_statutory_visit(people, measures):
    pledge, statutory = measures
    log(people, date(2026, 9, 5), kind=ContactKind.PHONE)
    assert open_entry(people.young_person, pledge).due_on == date(2026, 10, 17)
    assert open_entry(people.young_person, statutory).due_on == date(2026, 9, 8)


@pytest.mark.parametrize(
    ("today", "state"),
    [
        (date(2026, 10, 9), State.ON_TRACK),   # 8 days before
        (date(2026, 10, 10), State.DUE_SOON),  # 7 days before: the warning day
        (date(2026, 10, 16), State.DUE_SOON),  # the day before
        (date(2026, 10, 17), State.DUE_TODAY),  # the day
        (date(2026, 10, 18), State.OVERDUE),   # the day after
    ],
)
def test_the_six_week_clock_at_its_edges(people, measures, today, state):
    pledge, _ = measures
    log(people, date(2026, 9, 5))
    assert open_entry(people.young_person, pledge).state_on(today) == state


def test_a_visit_after_the_due_date_is_met_late_and_history_is_kept(people, measures):
    pledge, _ = measures
    log(people, date(2026, 9, 5))
    log(people, date(2026, 10, 20))  # due 17 October
    rows = LedgerEntry.objects.filter(young_person=people.young_person, measure=pledge).order_by("cycle_start")
    assert [(r.cycle_start, r.state_on(date(2026, 11, 1))) for r in rows] == [
        (date(2026, 9, 1), State.MET_ON_TIME),
        (date(2026, 9, 5), State.MET_LATE),
        (date(2026, 10, 20), State.ON_TRACK),
    ]


def test_deleting_a_visit_logged_by_mistake_reopens_the_clock(people, measures):
    pledge, _ = measures
    contact = log(people, date(2026, 9, 5))
    contact.delete()
    assert open_entry(people.young_person, pledge).cycle_start == date(2026, 9, 1)
    assert LedgerEntry.objects.filter(young_person=people.young_person, measure=pledge).count() == 1


def test_a_young_person_who_needs_visits_every_two_weeks_gets_their_own_clock(people, measures):
    pledge, _ = measures
    MeasureOverride.objects.create(measure=pledge, young_person=people.young_person, params={"weeks": 2},
                                   reason="Care plan: fortnightly visits")
    assert open_entry(people.young_person, pledge).due_on == date(2026, 9, 15)


def test_becoming_a_care_leaver_stops_the_in_care_clocks_but_keeps_their_history(people, measures):
    pledge, _ = measures
    log(people, date(2026, 9, 5))
    people.young_person.legal_status = LegalStatus.CARE_LEAVER
    people.young_person.save()
    assert not LedgerEntry.objects.filter(young_person=people.young_person, measure=pledge, status="open").exists()
    assert LedgerEntry.objects.filter(young_person=people.young_person, measure=pledge, status="met").count() == 1


def test_recomputing_keeps_the_notification_stamps(people, measures):
    pledge, _ = measures
    entry = open_entry(people.young_person, pledge)
    stamp = datetime(2026, 10, 6, tzinfo=LONDON)
    LedgerEntry.objects.filter(pk=entry.pk).update(due_soon_notified_at=stamp)
    ledger_recompute(young_person=people.young_person)
    entry = open_entry(people.young_person, pledge)
    assert entry.due_soon_notified_at == stamp
    assert entry.next_alert_at == datetime(2026, 10, 14, tzinfo=LONDON)  # the overdue stage is next


@pytest.mark.parametrize(
    ("asked", "due"),
    [
        (datetime(2026, 12, 24, 15, 0), date(2026, 12, 30)),  # Christmas and the Boxing Day substitute
        (datetime(2026, 11, 7, 10, 0), date(2026, 11, 10)),   # a Saturday: counts from Monday
        (datetime(2026, 4, 2, 9, 0), date(2026, 4, 8)),       # Easter
        (datetime(2026, 11, 30, 23, 30), date(2026, 12, 2)),  # late evening at a month end
    ],
)
def test_a_call_back_is_due_two_working_days_after_the_request(people, asked, due):
    measure = callback_measure(people.council)
    callback_request_create(young_person=people.young_person, message="", best_time="",
                            now=asked.replace(tzinfo=LONDON))
    assert open_entry(people.young_person, measure).due_on == due


def test_a_call_back_explains_its_date_in_plain_words(people):
    measure = callback_measure(people.council)
    callback_request_create(young_person=people.young_person, message="", best_time="",
                            now=datetime(2026, 12, 24, 15, tzinfo=LONDON))
    assert open_entry(people.young_person, measure).explanation == (
        "2 working days after Thursday 24 December: 25 and 28 December are bank holidays, "
        "and the weekend does not count."
    )


def test_not_reaching_the_young_person_keeps_the_call_back_clock_running(people):
    measure = callback_measure(people.council)
    request = callback_request_create(young_person=people.young_person, message="", best_time="",
                                      now=datetime(2026, 11, 2, 9, tzinfo=LONDON))
    callback_attempt_record(request=request, worker=people.social_worker, outcome=CallbackAttempt.Outcome.NOT_REACHED,
                            note="No answer", now=datetime(2026, 11, 3, 9, tzinfo=LONDON))
    assert open_entry(people.young_person, measure).due_on == date(2026, 11, 4)
    callback_attempt_record(request=request, worker=people.social_worker, outcome=CallbackAttempt.Outcome.REACHED,
                            note="", now=datetime(2026, 11, 5, 9, tzinfo=LONDON))
    entry = LedgerEntry.objects.get(young_person=people.young_person, measure=measure)
    assert (entry.status, entry.met_on, entry.state_on(date(2026, 11, 5))) == ("met", date(2026, 11, 5), State.MET_LATE)


def test_deleting_a_young_person_leaves_no_ledger_rows_behind(people, measures):
    log(people, date(2026, 9, 5))
    callback_request_create(young_person=people.young_person, message="", best_time="",
                            now=datetime(2026, 9, 7, 9, tzinfo=LONDON))
    pk = people.young_person.pk
    people.young_person.delete()
    assert not LedgerEntry.objects.filter(young_person_id=pk).exists()


def test_deleting_contacts_in_bulk_recomputes_the_ledger(people, measures):
    from casework.models import Contact

    pledge, _ = measures
    log(people, date(2026, 9, 5))
    Contact.objects.filter(young_person=people.young_person).delete()
    assert open_entry(people.young_person, pledge).cycle_start == date(2026, 9, 1)


def test_a_worry_is_due_an_answer_within_two_working_days_and_kept_when_acknowledged(people):
    from casework.worries.services import concern_acknowledge, concern_raise

    from .factories import MeasureFactory

    measure = MeasureFactory(council=people.council, key="concern-acknowledged", rule="within", applies_to="both",
                             params={"working_days": 2, "counts": "concern"})
    concern = concern_raise(young_person=people.young_person, kind="worry", audience="worker",
                            text="I am worried about my brother", now=datetime(2026, 12, 24, 16, tzinfo=LONDON))
    entry = open_entry(people.young_person, measure)
    assert entry.due_on == date(2026, 12, 30)
    concern_acknowledge(concern=concern, worker=people.social_worker, now=datetime(2026, 12, 29, 9, tzinfo=LONDON))
    entry = LedgerEntry.objects.get(young_person=people.young_person, measure=measure)
    assert entry.state_on(date(2026, 12, 29)) == State.MET_ON_TIME
