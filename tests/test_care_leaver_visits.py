"""Regulation 8 of the Care Leavers (England) Regulations 2010: while the council provides a care leaver's
accommodation, their personal adviser visits within 7 days of it starting, then at most 2 months apart (calendar
months, clamped at the month end). Nothing is owed after they move out; only a personal adviser's visits count."""
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from casework.leaving_care.close import council_accommodation_end, council_accommodation_start
from casework.models import Contact, ContactKind, LegalStatus, Role
from pledges.models import LedgerEntry
from pledges.rules import Event, every_while

from .factories import AllocationFactory, MeasureFactory, WorkerFactory
from .leaving_care_helpers import date_fields, morning_of as at

pytestmark = pytest.mark.django_db
State = LedgerEntry.State
RULE = {"months": 2, "steps": [{"days": 7}], "counts": "adviser_visit"}



def cycles(moved_in, moved_out, *visits):
    return every_while(windows=[(Event(moved_in, "council_accommodation", 1), moved_out)],
                       events=[Event(day, "adviser_visit", n + 10) for n, day in enumerate(visits)], params=RULE)


@pytest.mark.parametrize(("visit", "on_time"), [
    (date(2026, 12, 30), True), (date(2026, 12, 31), True), (date(2027, 1, 1), False)])
def test_the_first_visit_is_due_7_days_after_moving_in_whatever_the_bank_holidays(visit, on_time):
    first, *_ = cycles(date(2026, 12, 24), None, visit)  # 7 days on, past Christmas and Boxing Day: 31 December
    assert first.due_on == date(2026, 12, 31)
    assert first.explanation == "7 days after moving in on Thursday 24 December 2026"
    assert (first.met_on <= first.due_on) is on_time


@pytest.mark.parametrize(("visit", "on_time"), [
    (date(2027, 2, 27), True), (date(2027, 2, 28), True), (date(2027, 3, 1), False)])
def test_two_months_from_a_visit_on_31_december_is_28_february(visit, on_time):
    _first, second, third = cycles(date(2026, 12, 24), None, date(2026, 12, 31), visit)
    assert second.due_on == date(2027, 2, 28) and second.explanation.startswith("2 months after the visit on")
    assert (second.met_on <= second.due_on) is on_time
    assert third.met_on is None and third.cycle_start == visit


def test_nothing_is_owed_after_they_move_out_but_a_visit_missed_before_stays_late():
    # Moved out on 27 February 2027, the day before the visit due on 28 February: that visit is no longer owed.
    assert [c.due_on for c in cycles(date(2026, 12, 24), date(2027, 2, 27), date(2026, 12, 31))] == [date(2026, 12, 31)]
    # Moved out on 28 February, the day it was due: still owed, and late when it never came.
    owed = cycles(date(2026, 12, 24), date(2027, 2, 28), date(2026, 12, 31))
    assert [(c.due_on, c.met_on) for c in owed] == [(date(2026, 12, 31), date(2026, 12, 31)), (date(2027, 2, 28), None)]
    # A visit after they moved out meets nothing; moving out before the first visit was due owes none.
    assert [(c.due_on, c.met_on) for c in cycles(date(2026, 12, 24), date(2027, 1, 5), date(2027, 1, 6))] == [
        (date(2026, 12, 31), None)]
    assert cycles(date(2026, 12, 24), date(2026, 12, 28)) == []


def test_a_home_left_before_the_council_started_measuring_owes_nothing_now():
    """A visit missed in a home they left before the start date is history: it is not owed again from the start,
    as it would be in a home they still live in."""
    windows = [(Event(date(2026, 9, 1), "council_accommodation", 1), date(2026, 10, 31)),
               (Event(date(2026, 11, 1), "council_accommodation", 2), None)]
    owed = every_while(windows=windows, events=[], params=RULE, start=date(2026, 12, 4))
    assert [(c.cycle_start, c.due_on) for c in owed] == [(date(2026, 11, 1), date(2027, 2, 4))]
    assert "when we started measuring this promise" in owed[0].explanation


@pytest.fixture
def leaver(people):
    """Robin, 19, a care leaver with a personal adviser, Pat."""
    young_person = people.young_person
    young_person.date_of_birth = date(2007, 6, 1)
    young_person.legal_status = LegalStatus.CARE_LEAVER
    young_person.became_looked_after_on = None
    young_person.save()
    adviser = WorkerFactory(council=people.council, team=people.team, role=Role.PERSONAL_ADVISER, name="Pat Adviser")
    AllocationFactory(young_person=young_person, worker=adviser)
    young_person.adviser = adviser
    return young_person


@pytest.fixture
def measure(people):
    return MeasureFactory(council=people.council, key="care-leaver-visits", basis="statutory", rule="every",
                          applies_to="care_leaver", params=RULE, name="Personal adviser visit (regulation 8)")


def rows(leaver, measure):
    return list(LedgerEntry.objects.filter(young_person=leaver, measure=measure).order_by("cycle_start"))


def test_only_the_personal_advisers_visits_keep_the_promise(people, leaver, measure):
    with at(date(2027, 1, 8)):
        council_accommodation_start(young_person=leaver, by=leaver.adviser, kind="D", started_on=date(2026, 12, 24))
        for worker, kind in [(people.social_worker, ContactKind.VISIT_HOME), (leaver.adviser, ContactKind.PHONE)]:
            Contact.objects.create(young_person=leaver, worker=worker, kind=kind, happened_on=date(2026, 12, 30))
        [first] = rows(leaver, measure)
        assert first.due_on == date(2026, 12, 31) and first.state_on(date(2027, 1, 1)) == State.OVERDUE
        Contact.objects.create(young_person=leaver, worker=leaver.adviser, kind=ContactKind.VISIT_HOME,
                               happened_on=date(2027, 1, 1))
        first, second = rows(leaver, measure)
    assert first.state_on(date(2027, 1, 8)) == State.MET_LATE and second.due_on == date(2027, 3, 1)


def test_moving_out_ends_the_visits_owed_and_a_new_home_starts_them_again(people, leaver, measure):
    with at(date(2027, 3, 10)):
        home = council_accommodation_start(young_person=leaver, by=leaver.adviser, kind="E",
                                           started_on=date(2026, 12, 24))
        Contact.objects.create(young_person=leaver, worker=leaver.adviser, kind=ContactKind.VISIT_HOME,
                               happened_on=date(2026, 12, 31))
        with pytest.raises(ValidationError, match="moved out of the supported lodgings"):
            council_accommodation_start(young_person=leaver, by=leaver.adviser, kind="D", started_on=date(2027, 3, 1))
        council_accommodation_end(accommodation=home, by=leaver.adviser, ended_on=date(2027, 2, 27))
        assert [row.due_on for row in rows(leaver, measure)] == [date(2026, 12, 31)]
        council_accommodation_start(young_person=leaver, by=leaver.adviser, kind="U", started_on=date(2027, 3, 1))
        assert [row.due_on for row in rows(leaver, measure)] == [date(2026, 12, 31), date(2027, 3, 8)]
        with pytest.raises(ValidationError, match="on or after the day they moved in"):
            council_accommodation_end(accommodation=home, by=leaver.adviser, ended_on=date(2026, 12, 1))



def test_the_adviser_records_the_home_and_the_young_person_reads_about_the_visits(client, people, leaver, measure):
    with at(date(2026, 12, 4)):
        client.force_login(leaver.adviser.user)
        response = client.post(reverse("council_accommodation_new", args=[leaver.pk]),
                               {"kind": "T", **date_fields("started_on", date(2026, 12, 1))})
        assert response.status_code == 302
        staff = client.get(reverse("young_person_overview", args=[leaver.pk])).content.decode()
        assert "Personal adviser visit (regulation 8)" in staff and "Moved into accommodation we provide" in staff
        plan = client.get(reverse("pathway_plan", args=[leaver.pk])).content.decode()
        assert "A foyer: from 1 December 2026 to now" in plan
        client.force_login(leaver.user)
        own = client.get(reverse("my_pathway_plan")).content.decode()
    assert "We provide your home (a foyer, since 1 December 2026)" in own and "at least every 2 months" in own
    assert rows(leaver, measure)[0].due_on == date(2026, 12, 8)


def test_a_child_in_care_has_no_council_accommodation_recorded_here(people):
    with at(date(2026, 12, 4)), pytest.raises(ValidationError, match="care leaver"):
        council_accommodation_start(young_person=people.young_person, by=people.social_worker, kind="D",
                                    started_on=date(2026, 12, 1))
