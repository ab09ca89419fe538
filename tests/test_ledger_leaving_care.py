"""Golden cases for the leaving care, family and education promises at their edges."""
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from casework.models import Contact, LegalStatus, NeedsAssessment
from pledges.ledger import ledger_recompute, ledger_recompute_birthdays
from pledges.models import AppliesTo, LedgerEntry
from pledges.rules import Event, every

from .factories import MeasureFactory

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
State = LedgerEntry.State


def at(day):
    return time_machine.travel(datetime(day.year, day.month, day.day, 9, tzinfo=LONDON), tick=False)


@pytest.fixture
def turning_16_at_a_month_end(people):
    """Robin, in care, turns 16 on 30 November 2026."""
    people.young_person.date_of_birth = date(2010, 11, 30)
    people.young_person.save()
    return MeasureFactory(council=people.council, key="needs-assessment", basis="statutory", rule="within",
                          applies_to="care_leaver", params={"months": 3, "counts": "needs_assessment"})


def rows(young_person, measure):
    return list(LedgerEntry.objects.filter(young_person=young_person, measure=measure))


def test_before_the_16th_birthday_no_leaving_care_clock_runs(people, turning_16_at_a_month_end):
    with at(date(2026, 11, 29)):
        ledger_recompute(young_person=people.young_person)
    assert rows(people.young_person, turning_16_at_a_month_end) == []


def test_on_the_16th_birthday_the_needs_assessment_is_due_3_months_later_clamped_at_the_month_end(
    people, turning_16_at_a_month_end
):
    with at(date(2026, 11, 30)):
        assert ledger_recompute_birthdays(today=date(2026, 11, 30)) == 1
    [row] = rows(people.young_person, turning_16_at_a_month_end)
    assert row.due_on == date(2027, 2, 28)
    assert row.explanation == "3 months after your 16th birthday on Monday 30 November 2026"


def test_the_needs_assessment_is_kept_when_done_by_the_due_date(people, turning_16_at_a_month_end):
    with at(date(2027, 2, 28)):
        NeedsAssessment.objects.create(young_person=people.young_person, completed_on=date(2027, 2, 28),
                                       summary="Needs met", recorded_by=people.social_worker)
    [row] = rows(people.young_person, turning_16_at_a_month_end)
    assert row.state_on(date(2027, 3, 1)) == State.MET_ON_TIME


def test_at_16_a_child_in_care_also_sees_the_leaving_care_promises(people):
    people.young_person.date_of_birth = date(2010, 11, 30)
    assert AppliesTo.CARE_LEAVER not in AppliesTo.for_young_person(people.young_person, date(2026, 11, 29))
    assert AppliesTo.for_young_person(people.young_person, date(2026, 11, 30)) == ["in_care", "care_leaver", "both"]
    people.young_person.legal_status = LegalStatus.CARE_LEAVER
    assert AppliesTo.for_young_person(people.young_person, date(2026, 11, 30)) == ["care_leaver", "both"]


KEEP_IN_TOUCH = {"weeks": 8, "counts": "keep_in_touch", "until_age": 25}


@pytest.mark.parametrize(
    ("last_contact", "owed"),
    [
        (date(2026, 10, 2), True),    # next due 27 November, the day before the 25th birthday: still owed
        (date(2026, 10, 3), True),    # due 28 November, the 25th birthday itself: still owed
        (date(2026, 10, 4), False),   # due 29 November, after the 25th birthday: the promise has ended
    ],
)
def test_the_25th_birthday_ends_keeping_in_touch(last_contact, owed):
    born = date(2001, 11, 28)
    cycles = every(start=Event(date(2019, 11, 28), "birthday_18"), events=[Event(last_contact, "visit", 1)],
                   params=KEEP_IN_TOUCH, born=born)
    assert any(c.met_on is None for c in cycles) is owed


def test_a_care_leaver_over_25_has_no_open_keep_in_touch_row(people):
    leaver = people.elsewhere_young_person
    leaver.date_of_birth = date(2000, 1, 10)
    leaver.save()
    measure = MeasureFactory(council=people.elsewhere, key="keep-in-touch", applies_to="care_leaver",
                             params={**KEEP_IN_TOUCH, "starts": "birthday", "age": 18})
    worker = people.elsewhere_manager
    with at(date(2026, 11, 23)):
        Contact.objects.create(young_person=leaver, worker=worker, kind="phone", happened_on=date(2024, 12, 1))
    assert not LedgerEntry.objects.filter(young_person=leaver, measure=measure, status="open").exists()
    assert LedgerEntry.objects.filter(young_person=leaver, measure=measure, status="met").exists()


def test_a_personal_adviser_is_due_within_3_months_of_the_16th_birthday_and_kept_by_the_allocation(people):
    from casework.models import Role
    from casework.people.services import allocation_change

    from .factories import WorkerFactory

    measure = MeasureFactory(council=people.council, key="personal-adviser", basis="statutory", rule="within",
                             applies_to="care_leaver", params={"months": 3, "counts": "personal_adviser"})
    people.young_person.date_of_birth = date(2010, 8, 31)
    with at(date(2026, 9, 1)):
        people.young_person.save()
        [row] = rows(people.young_person, measure)
        assert row.due_on == date(2026, 11, 30)  # 31 August + 3 months, clamped
        adviser = WorkerFactory(council=people.council, role=Role.PERSONAL_ADVISER)
        allocation_change(young_person=people.young_person, worker=adviser, role=Role.PERSONAL_ADVISER,
                          started_on=date(2026, 9, 1))
    [row] = rows(people.young_person, measure)
    assert row.state_on(date(2026, 9, 1)) == State.MET_ON_TIME
