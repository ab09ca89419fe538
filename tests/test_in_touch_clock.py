"""The SSDA903 OC3 in-touch check around a care leaver's 17th to 21st birthdays: due 1 month after each birthday,
counted from 3 months before it (casework.leaving_care.in_touch), at its edges; recorded by staff on a GOV.UK
form, made by the 903 import, and kept off the birthdays a young person spent still in care."""
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from casework.leaving_care.in_touch import birthday_checked, birthday_in_year, year_ending
from casework.leaving_care.services import in_touch_check_record
from casework.models import CareLeaverYearlyOutcome, LegalStatus, Placement
from pledges.ledger import ledger_recompute, ledger_recompute_birthdays
from pledges.models import LedgerEntry

from .factories import MeasureFactory
from .test_health_clocks import at, rows, seed_measure

pytestmark = pytest.mark.django_db
State = LedgerEntry.State
BORN = date(2010, 1, 31)  # 17 on Sunday 31 January 2027: 1 month later is 28 February (a month end)


@pytest.fixture
def jo(people):
    """Jo, a care leaver in Otherborough, and the in-touch measure as both councils' pledge data has it."""
    seed = seed_measure("in-touch-check")
    measure = MeasureFactory(council=people.elsewhere, key=seed["key"], name=seed["name"], basis=seed["basis"],
                             rule=seed["rule"], params=seed["params"], applies_to=seed["applies_to"])
    people.elsewhere_young_person.date_of_birth = BORN
    with at(date(2027, 1, 30)):
        people.elsewhere_young_person.save()
    return measure


def record(people, on, in_touch="YES"):
    with at(max(on, date(2027, 1, 31))):
        return in_touch_check_record(young_person=people.elsewhere_young_person, by=people.elsewhere_manager,
                                     checked_on=on, in_touch=in_touch)


def test_nothing_is_owed_before_the_17th_birthday_and_on_it_the_check_is_due_a_month_later(people, jo):
    assert rows(people.elsewhere_young_person, jo) == []
    with at(date(2027, 1, 31)):
        assert ledger_recompute_birthdays(today=date(2027, 1, 31)) == 1
    [row] = rows(people.elsewhere_young_person, jo)
    assert (row.started_by, row.due_on) == ("birthday_17", date(2027, 2, 28))
    assert row.explanation == "1 month after your 17th birthday on Sunday 31 January 2027"
    assert [row.state_on(day) for day in (date(2027, 2, 27), date(2027, 2, 28), date(2027, 3, 1))] == [
        State.DUE_SOON, State.DUE_TODAY, State.OVERDUE]


@pytest.mark.parametrize(("checked_on", "state"), [
    (date(2026, 10, 31), State.MET_ON_TIME),  # the first day it counts: 3 months before the birthday
    (date(2027, 2, 27), State.MET_ON_TIME),   # the day before it is due
    (date(2027, 2, 28), State.MET_ON_TIME),   # the day it is due
    (date(2027, 3, 1), State.MET_LATE),       # the day after
])
def test_a_check_from_3_months_before_the_birthday_answers_it(people, jo, checked_on, state):
    record(people, checked_on)
    with at(date(2027, 3, 2)):
        ledger_recompute(young_person=people.elsewhere_young_person)
    [row] = rows(people.elsewhere_young_person, jo)
    assert (row.met_on, row.met_by, row.state_on(date(2027, 3, 2))) == (checked_on, "in_touch_check", state)
    outcome = CareLeaverYearlyOutcome.objects.get(young_person=people.elsewhere_young_person)
    assert (outcome.year_ending, outcome.in_touch, outcome.recorded_by) == (
        date(2027, 3, 31), "YES", people.elsewhere_manager)


def test_a_check_before_the_window_of_the_17th_birthday_is_refused(people, jo):
    with pytest.raises(ValidationError) as refused:
        record(people, date(2026, 10, 30))
    assert "from 3 months before the 17th birthday" in str(refused.value)


def test_a_check_3_months_before_the_18th_birthday_is_for_the_18th_not_the_17th(people, jo):
    record(people, date(2027, 10, 31), in_touch="NO")
    with at(date(2028, 1, 31)):
        ledger_recompute_birthdays(today=date(2028, 1, 31))
    seventeenth, eighteenth = rows(people.elsewhere_young_person, jo)
    assert (seventeenth.status, eighteenth.met_on) == ("open", date(2027, 10, 31))
    assert CareLeaverYearlyOutcome.objects.get(young_person=people.elsewhere_young_person).year_ending == date(
        2028, 3, 31)


def test_a_birthday_spent_in_care_owes_no_check(people, jo):
    with at(date(2027, 1, 30)):
        Placement.objects.create(young_person=people.elsewhere_young_person, started_on=date(2025, 5, 1),
                                 ended_on=date(2027, 6, 1), kind="foster")
    with at(date(2028, 1, 31)):
        ledger_recompute_birthdays(today=date(2028, 1, 31))
    [row] = rows(people.elsewhere_young_person, jo)
    assert row.started_by == "birthday_18"


def test_a_young_person_still_in_care_owes_no_check(people, jo):
    young_person = people.elsewhere_young_person
    young_person.legal_status = LegalStatus.LOOKED_AFTER
    with at(date(2027, 3, 1)):
        young_person.save()
    assert rows(young_person, jo) == []
    young_person.legal_status = LegalStatus.CARE_LEAVER
    with at(date(2027, 3, 1)):
        young_person.save()  # left care with no placement recorded: the 17th birthday's check is owed
    assert [row.started_by for row in rows(young_person, jo)] == ["birthday_17"]


def test_a_birthday_before_the_council_measured_owes_nothing_now(people, jo):
    people.elsewhere.measuring_from = date(2027, 6, 1)
    people.elsewhere.save()
    with at(date(2028, 1, 31)):
        ledger_recompute_birthdays(today=date(2028, 1, 31))
    [row] = rows(people.elsewhere_young_person, jo)
    assert row.started_by == "birthday_18"


def test_which_birthday_a_check_is_for_with_a_29_february_birthday():
    born = date(2008, 2, 29)  # 19 on 28 February 2027; its window opens on 28 November 2026
    assert birthday_checked(born, date(2026, 11, 27)) == 18
    assert birthday_checked(born, date(2026, 11, 28)) == 19
    assert birthday_in_year(born, date(2027, 3, 31)) == date(2027, 2, 28)
    assert birthday_in_year(born, date(2028, 3, 31)) == date(2028, 2, 29)
    assert birthday_checked(born, date(2029, 11, 29)) is None  # past the 21st's window: the 22nd's has opened
    assert (year_ending(date(2027, 3, 31)), year_ending(date(2027, 4, 1))) == (date(2027, 3, 31), date(2028, 3, 31))


def test_staff_record_it_from_the_overview_and_a_wrong_date_is_in_the_error_summary(client, people, jo):
    young_person = people.elsewhere_young_person
    url = reverse("in_touch_check_new", args=[young_person.pk])
    with at(date(2027, 3, 2)):
        ledger_recompute(young_person=young_person)
        client.force_login(people.elsewhere_manager.user)
        overview = client.get(reverse("young_person_overview", args=[young_person.pk])).content.decode()
        assert "Record the in-touch check" in overview and url in overview
        html = client.post(url, {"checked_on_0": "1", "checked_on_1": "1", "checked_on_2": "2026",
                                 "in_touch": "YES"}).content.decode()
        assert "govuk-error-summary" in html and 'href="#id_checked_on' in html
        assert not CareLeaverYearlyOutcome.objects.exists()
        response = client.post(url, {"checked_on_0": "2", "checked_on_1": "3", "checked_on_2": "2027",
                                     "in_touch": "REFU"})
        assert response.status_code == 302
        overview = client.get(reverse("young_person_overview", args=[young_person.pk])).content.decode()
    assert "Checked whether we are in touch" in overview
    [row] = rows(young_person, jo)
    assert (row.met_on, row.state_on(date(2027, 3, 2))) == (date(2027, 3, 2), State.MET_LATE)
