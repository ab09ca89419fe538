"""The initial health assessment (within 20 working days of coming into care) and the Strengths and Difficulties
Questionnaire (every year from the 4th birthday to the 17th), as both councils' pledge data has them, at their
edges: the day before, of and after; bank holidays inside the 20 working days; the 4th and 17th birthdays; a
29 February birthday; a month end."""
import json
import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from casework.models import HealthCheck
from pledges.ledger import ledger_recompute, ledger_recompute_birthdays
from pledges.loader import PLEDGE_DATA_DIR
from pledges.models import LedgerEntry
from pledges.rules import Event, every

from .factories import MeasureFactory

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
State = LedgerEntry.State
COUNCILS = ["bath-and-north-east-somerset", "barking-and-dagenham"]


def at(day):
    return time_machine.travel(datetime(day.year, day.month, day.day, 9, tzinfo=LONDON), tick=False)


def seed_measure(key, council="bath-and-north-east-somerset"):
    data = json.loads((PLEDGE_DATA_DIR / f"{council}.json").read_text())
    return next(measure for measure in data["measures"] if measure["key"] == key)


def measure_from_seed(council, key):
    seed = seed_measure(key)
    return MeasureFactory(council=council, key=key, name=seed["name"], basis=seed["basis"], rule=seed["rule"],
                          params=seed["params"], applies_to=seed["applies_to"])


def rows(young_person, measure):
    return list(LedgerEntry.objects.filter(young_person=young_person, measure=measure).order_by("cycle_start"))


def check(young_person, kind, on, **extra):
    with at(max(on, date(2026, 12, 6))):
        return HealthCheck.objects.create(young_person=young_person, kind=kind, checked_on=on, **extra)


@pytest.mark.parametrize("council", COUNCILS)
def test_both_councils_have_the_three_clocks_as_legal_minimums(council):
    for key in ("initial-health-assessment", "sdq", "in-touch-check"):
        assert seed_measure(key, council)["basis"] == "statutory"
    assert seed_measure("sdq", council)["params"]["below_age"] == 17


# --- The initial health assessment ------------------------------------------------------------------------------

@pytest.fixture
def came_into_care(people):
    """Robin comes into care on Thursday 23 December 2027: 27 and 28 December and 3 January are bank holidays."""
    measure = measure_from_seed(people.council, "initial-health-assessment")
    with at(date(2027, 12, 23)):
        people.young_person.became_looked_after_on = date(2027, 12, 23)
        people.young_person.save()
    return measure


def test_the_initial_health_assessment_is_due_20_working_days_after_coming_into_care_skipping_christmas(
        people, came_into_care):
    [row] = rows(people.young_person, came_into_care)
    assert (row.cycle_start, row.started_by, row.due_on) == (date(2027, 12, 23), "came_into_care", date(2028, 1, 25))
    assert row.explanation == ("20 working days after Thursday 23 December: 27 December, 28 December and 3 January are "
                               "bank holidays, and weekends do not count.")
    assert row.state_on(date(2028, 1, 24)) == State.DUE_SOON
    assert row.state_on(date(2028, 1, 25)) == State.DUE_TODAY
    assert row.state_on(date(2028, 1, 26)) == State.OVERDUE


def test_over_easter_it_is_due_on_the_monday_four_weeks_and_a_half_later(people):
    measure = measure_from_seed(people.council, "initial-health-assessment")
    with at(date(2027, 3, 25)):
        people.young_person.became_looked_after_on = date(2027, 3, 25)  # the Thursday before Good Friday
        people.young_person.save()
    [row] = rows(people.young_person, measure)
    assert row.due_on == date(2027, 4, 26)
    assert "26 and 29 March are bank holidays" in row.explanation


@pytest.mark.parametrize(("done_on", "state"), [
    (date(2028, 1, 24), State.MET_ON_TIME),   # the day before
    (date(2028, 1, 25), State.MET_ON_TIME),   # the day it is due
    (date(2028, 1, 26), State.MET_LATE),      # the day after
])
def test_the_initial_health_assessment_meets_it_on_time_or_late(people, came_into_care, done_on, state):
    check(people.young_person, "initial_health_assessment", done_on)
    [row] = rows(people.young_person, came_into_care)
    assert (row.met_on, row.met_by, row.state_on(date(2028, 2, 1))) == (done_on, "initial_health_assessment", state)


def test_a_dental_check_or_one_before_coming_into_care_does_not_meet_it(people, came_into_care):
    check(people.young_person, "dental", date(2028, 1, 4))
    check(people.young_person, "initial_health_assessment", date(2027, 12, 22))
    [row] = rows(people.young_person, came_into_care)
    assert row.status == LedgerEntry.Status.OPEN


def test_the_initial_assessment_starts_the_review_health_assessments(people, came_into_care):
    reviews = measure_from_seed(people.council, "health-assessment")
    with at(date(2028, 1, 10)):
        ledger_recompute(young_person=people.young_person)
    check(people.young_person, "initial_health_assessment", date(2028, 1, 10))
    first, second = rows(people.young_person, reviews)
    assert (first.due_on, first.met_on) == (date(2028, 1, 25), date(2028, 1, 10))
    assert (second.started_by, second.due_on) == ("initial_health_assessment", date(2029, 1, 10))


def test_a_child_in_care_for_years_before_the_council_measured_owes_no_initial_assessment_now(people):
    people.council.measuring_from = date(2026, 12, 1)
    people.council.save()
    measure = measure_from_seed(people.council, "initial-health-assessment")
    with at(date(2026, 12, 6)):
        ledger_recompute(young_person=people.young_person)  # in care since 1 June 2022
    assert rows(people.young_person, measure) == []


def test_a_worker_records_it_from_the_overview_link(client, people, came_into_care):
    with at(date(2028, 1, 26)):
        client.force_login(people.social_worker.user)
        overview = client.get(reverse("young_person_overview", args=[people.young_person.pk])).content.decode()
        link = reverse("health_check_new", args=[people.young_person.pk]) + "?kind=initial_health_assessment"
        assert "Record the initial health assessment" in overview and link in overview
        page = client.get(link).content.decode()
        assert re.search(r'value="initial_health_assessment"\s*checked', page)
        response = client.post(link, {"kind": "initial_health_assessment", "checked_on_0": "26",
                                      "checked_on_1": "1", "checked_on_2": "2028", "sdq_score": "", "note": ""})
        assert response.status_code == 302
        overview = client.get(reverse("young_person_overview", args=[people.young_person.pk])).content.decode()
    assert "Initial health assessment" in overview
    [row] = rows(people.young_person, came_into_care)
    assert row.state_on(date(2028, 1, 26)) == State.MET_LATE


# --- The Strengths and Difficulties Questionnaire ---------------------------------------------------------------

SDQ = seed_measure("sdq")["params"]


def sdq_cycles(born, came_into_care, sdqs, today):
    from types import SimpleNamespace

    from pledges.ledger.periods import start_event

    person = SimpleNamespace(date_of_birth=born, became_looked_after_on=came_into_care)
    start = start_event(person, SimpleNamespace(params=SDQ), today)
    return every(start=start, events=[Event(day, "sdq", n) for n, day in enumerate(sdqs, 1)], params=SDQ, born=born)


def test_no_sdq_is_owed_before_the_4th_birthday_and_the_first_is_due_a_year_after_it(people):
    measure = measure_from_seed(people.council, "sdq")
    people.young_person.date_of_birth = date(2023, 3, 31)
    people.young_person.became_looked_after_on = date(2023, 4, 3)
    with at(date(2027, 3, 30)):
        people.young_person.save()
    assert rows(people.young_person, measure) == []
    with at(date(2027, 3, 31)):
        assert ledger_recompute_birthdays(today=date(2027, 3, 31)) == 1
    [row] = rows(people.young_person, measure)
    assert (row.started_by, row.due_on) == ("birthday_4", date(2028, 3, 31))
    assert row.explanation == "12 months after your 4th birthday on Wednesday 31 March 2027"


def test_a_child_who_comes_into_care_after_4_owes_it_a_year_after_coming_into_care():
    [cycle] = sdq_cycles(date(2014, 1, 31), date(2026, 8, 31), [], date(2026, 12, 6))
    assert (cycle.started_by, cycle.due_on) == ("came_into_care", date(2027, 8, 31))


@pytest.mark.parametrize(("last_sdq", "owed"), [
    (date(2027, 11, 29), True),    # next due 29 November 2028, the day before the 17th birthday: owed
    (date(2027, 11, 30), False),   # due on the 17th birthday itself: they are 17, none is owed
    (date(2027, 12, 1), False),    # due after it
])
def test_the_17th_birthday_ends_the_sdq(last_sdq, owed):
    cycles = sdq_cycles(date(2011, 11, 30), date(2020, 1, 6), [date(2026, 12, 1), last_sdq], date(2028, 12, 6))
    assert any(c.met_on is None for c in cycles) is owed


@pytest.mark.parametrize(("last_sdq", "owed"), [
    (date(2028, 2, 27), True),    # due 27 February 2029, the day before the 17th birthday (28 February): owed
    (date(2028, 2, 28), False),   # due 28 February 2029, the 17th birthday of someone born on 29 February
    (date(2028, 2, 29), False),   # their 16th birthday: a year later is past the 17th
])
def test_a_29_february_birthday_ends_the_sdq_on_28_february(last_sdq, owed):
    cycles = sdq_cycles(date(2012, 2, 29), date(2020, 1, 6), [last_sdq], date(2029, 3, 1))
    assert any(c.met_on is None for c in cycles) is owed


def test_an_sdq_with_a_reason_for_no_score_meets_the_year_and_the_next_is_due_a_year_on(client, people):
    measure = measure_from_seed(people.council, "sdq")  # Robin, born 14 March 2013, in care since 1 June 2022
    url = reverse("health_check_new", args=[people.young_person.pk])
    with at(date(2026, 12, 7)):
        client.force_login(people.social_worker.user)
        response = client.post(url, {"kind": "sdq", "checked_on_0": "30", "checked_on_1": "11", "checked_on_2": "2026",
                                     "sdq_score": "", "sdq_reason": "SDQ5", "note": ""})
        assert response.status_code == 302
        html = client.get(reverse("health_checks", args=[people.young_person.pk])).content.decode()
    assert "no score: the child or young person refused" in html
    open_row = next(row for row in rows(people.young_person, measure) if row.status == "open")
    assert (open_row.started_by, open_row.due_on) == ("sdq", date(2027, 11, 30))  # 30 November + 12 months


@pytest.mark.parametrize(("data", "message"), [
    ({"sdq_score": ""}, "Enter the SDQ total score, from 0 to 40, or say why there is none"),
    ({"sdq_score": "12", "sdq_reason": "SDQ4"}, "An SDQ with a score needs no reason"),
    ({"kind": "dental", "sdq_reason": "SDQ4"}, "Only a Strengths and Difficulties Questionnaire has a reason"),
    ({"sdq_reason": "SDQ9"}, "Select why there is no SDQ score"),
])
def test_an_sdq_needs_a_score_or_a_reason_not_both(client, people, data, message):
    form = {"kind": "sdq", "checked_on_0": "1", "checked_on_1": "11", "checked_on_2": "2026", "sdq_score": "",
            "note": "", **data}
    with at(date(2026, 12, 7)):
        client.force_login(people.social_worker.user)
        html = client.post(reverse("health_check_new", args=[people.young_person.pk]), form).content.decode()
    assert "govuk-error-summary" in html and message in html
    assert not HealthCheck.objects.filter(young_person=people.young_person).exists()


def test_the_young_person_reads_when_their_first_health_check_is_due(client, people, small_pledge):
    from .factories import PromiseFactory

    promise = PromiseFactory(section=small_pledge.sections.get(order=1), order=5,
                             text="We will make sure you get regular health checks ups with a nurse or GP")
    seed = seed_measure("initial-health-assessment")
    MeasureFactory(council=people.council, key=seed["key"], name=seed["name"], basis="statutory", rule="within",
                   params=seed["params"], applies_to="in_care", promise=promise)
    with at(date(2027, 12, 23)):
        people.young_person.became_looked_after_on = date(2027, 12, 23)
        people.young_person.save()
    with at(date(2028, 1, 26)):
        client.force_login(people.young_person.user)
        html = client.get(reverse("my_pledge")).content.decode()
    assert ("You came into care on Thursday 23 December 2027. Your first health check with a doctor was due by "
            "Tuesday 25 January. It is late, and we are sorry.") in html
