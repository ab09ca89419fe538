"""Golden cases for the care plan, placement and review promises at their edges (issue 4's rules)."""
from datetime import date

import pytest
import time_machine

from casework.models import AdvocateOffer, PlacementKind
from casework.plans.services import care_plan_copy_given, care_plan_version_create, placement_move, placement_start
from pledges.models import LedgerEntry
from reviews.models import ParticipationCode
from reviews.services import consultation_record, review_record_held, review_schedule

from .factories import MeasureFactory

pytestmark = pytest.mark.django_db
State = LedgerEntry.State
LATER = date(2027, 9, 1)  # the tests' "today": after every event they record


def measure(council, key, rule, params, **extra):
    return MeasureFactory(council=council, key=key, name=key, rule=rule, params=params, **extra)


@pytest.fixture
def in_care(people):
    def came_into_care(on):
        people.young_person.became_looked_after_on = on
        people.young_person.save()
        return people.young_person
    return came_into_care


def rows(young_person, key):
    return list(LedgerEntry.objects.filter(young_person=young_person, measure__key=key)
                .order_by("cycle_start", "trigger_id"))


def held(people, on):
    with time_machine.travel(LATER):
        review = review_schedule(by=people.manager, young_person=people.young_person, iro=people.iro, scheduled_for=on)
        return review_record_held(by=people.manager, review=review, held_on=on, attendees="", participation=ParticipationCode.PN1,
                                  took_part_how="", decisions="")


REVIEWS = {"months": 6, "steps": [{"working_days": 20}, {"months": 3}], "counts": "review", "starts": "came_into_care"}


def test_the_first_review_is_due_20_working_days_after_coming_into_care_not_counting_christmas(people, in_care):
    measure(people.council, "statutory-review", "every", REVIEWS, basis="statutory")
    young_person = in_care(date(2026, 12, 14))
    [first] = rows(young_person, "statutory-review")
    # 25 and 28 December and 1 January are bank holidays; weekends do not count.
    assert first.due_on == date(2027, 1, 14)


def test_the_second_review_is_due_3_months_after_the_first_clamped_at_the_month_end(people, in_care):
    measure(people.council, "statutory-review", "every", REVIEWS, basis="statutory")
    young_person = in_care(date(2026, 11, 2))
    held(people, date(2026, 11, 30))
    assert rows(young_person, "statutory-review")[-1].due_on == date(2027, 2, 28)


def test_later_reviews_are_due_6_months_apart_31_august_gives_28_february(people, in_care):
    measure(people.council, "statutory-review", "every", REVIEWS, basis="statutory")
    young_person = in_care(date(2026, 4, 1))
    held(people, date(2026, 4, 20))
    held(people, date(2026, 7, 10))
    held(people, date(2026, 8, 31))
    *done, current = rows(young_person, "statutory-review")
    assert [r.state_on(LATER) for r in done] == [State.MET_ON_TIME] * 3
    assert current.due_on == date(2027, 2, 28)


def placement(people, on, *, move=False, **extra):
    fields = {"kind": PlacementKind.FOSTER, "carer_or_home": f"Carer from {on}", "started_on": on}
    with time_machine.travel(LATER):
        if not move:
            return placement_start(young_person=people.young_person, recorded_by=people.social_worker, **fields)
        fields = {"advocate_offer": AdvocateOffer.OFFERED, "advocate_offered_on": on, "school_wish_recorded": True,
                  "school_wish": "Stay at my school", **fields, **extra}
        return placement_move(young_person=people.young_person, recorded_by=people.social_worker, **fields)


def test_a_move_on_the_last_day_of_a_month_needs_a_review_within_4_weeks_and_a_visit_within_a_week(people, in_care):
    measure(people.council, "move-review", "within", {"weeks": 4, "counts": "move_review"})
    measure(people.council, "statutory-visit", "every", {"weeks": 6, "steps": [{"days": 7}], "restarts": "placement",
                                                         "counts": "visit", "starts": "came_into_care"})
    young_person = in_care(date(2026, 10, 1))
    placement(people, date(2026, 10, 1))
    placement(people, date(2027, 1, 31), move=True)
    [review_row] = rows(young_person, "move-review")
    assert review_row.due_on == date(2027, 2, 28)
    assert {r.due_on for r in rows(young_person, "statutory-visit") if r.started_by == "new_placement"} == {
        date(2027, 2, 7)}


@pytest.mark.parametrize(
    ("review_on", "state"),
    [(date(2027, 2, 27), State.MET_ON_TIME), (date(2027, 2, 28), State.MET_ON_TIME), (date(2027, 3, 1), State.MET_LATE)],
)
def test_the_review_after_a_move_is_kept_up_to_the_day_it_is_due(people, in_care, review_on, state):
    measure(people.council, "move-review", "within", {"weeks": 4, "counts": "move_review"})
    young_person = in_care(date(2026, 10, 1))
    placement(people, date(2026, 10, 1))
    placement(people, date(2027, 1, 31), move=True)
    held(people, review_on)
    [row] = rows(young_person, "move-review")
    assert row.state_on(LATER) == state


@pytest.mark.parametrize(
    ("offer", "state"),
    [
        ({"advocate_offer": AdvocateOffer.OFFERED, "advocate_offered_on": date(2027, 1, 20)}, State.MET_ON_TIME),
        ({"advocate_offer": AdvocateOffer.NOT_OFFERED, "advocate_offered_on": None,
          "advocate_not_offered_reason": "Forgot"}, State.OVERDUE),
    ],
)
def test_an_advocate_is_offered_before_a_move_or_the_promise_is_broken(people, in_care, offer, state):
    measure(people.council, "advocate", "within", {"due": "at_trigger", "counts": "advocate_offer"})
    young_person = in_care(date(2026, 10, 1))
    placement(people, date(2026, 10, 1))
    placement(people, date(2027, 1, 31), move=True, **offer)
    [row] = rows(young_person, "advocate")
    assert row.due_on == date(2027, 1, 31)
    assert row.state_on(LATER) == state


def test_an_emergency_move_is_not_counted_against_the_advocate_promise(people, in_care):
    measure(people.council, "advocate", "within", {"due": "at_trigger", "counts": "advocate_offer"})
    young_person = in_care(date(2026, 10, 1))
    placement(people, date(2026, 10, 1))
    placement(people, date(2027, 1, 31), move=True, advocate_offer=AdvocateOffer.NOT_OFFERED_EMERGENCY,
              advocate_offered_on=None)
    assert rows(young_person, "advocate") == []


def test_the_iro_consultation_is_kept_only_when_recorded_before_the_review(people, in_care):
    measure(people.council, "consult", "within", {"due": "at_trigger", "counts": "consultation"})
    young_person = in_care(date(2026, 10, 1))
    with time_machine.travel(LATER):
        first = review_schedule(by=people.manager, young_person=young_person, iro=people.iro, scheduled_for=date(2027, 1, 15))
        consultation_record(by=people.manager, review=first, iro=people.iro, consulted_on=date(2027, 1, 10), method="phone",
                            views="I like my school", declined=False)
        review_schedule(by=people.manager, young_person=young_person, iro=people.iro, scheduled_for=date(2027, 7, 15))
    kept, broken = rows(young_person, "consult")
    assert (kept.due_on, kept.state_on(LATER)) == (date(2027, 1, 15), State.MET_ON_TIME)
    assert (broken.due_on, broken.state_on(date(2027, 7, 15)), broken.state_on(date(2027, 7, 16))) == (
        date(2027, 7, 15), State.DUE_TODAY, State.OVERDUE)


SECTIONS = {"needs": "n", "actions": "a", "responsibilities": "r", "age_note": "x", "gender_identity_note": "x",
            "sexual_orientation_note": "x", "disability_note": "x", "religion_note": "x", "ethnicity_note": "x",
            "culture_note": "x"}


def test_each_new_care_plan_needs_a_copy_given_and_is_kept_only_when_the_copy_is_recorded(people, in_care):
    measure(people.council, "copy", "within", {"working_days": 10, "counts": "care_plan_copy"})
    measure(people.council, "plan", "every", {"months": 6, "counts": "care_plan", "starts": "came_into_care"})
    young_person = in_care(date(2026, 10, 1))
    with time_machine.travel(LATER):
        one = care_plan_version_create(young_person=young_person, written_by=people.social_worker,
                                       agreed_on=date(2026, 10, 9), **SECTIONS)
        care_plan_copy_given(version=one, by=people.manager, given_on=date(2026, 10, 20), how="in_person")
        care_plan_version_create(young_person=young_person, written_by=people.social_worker,
                                 agreed_on=date(2027, 3, 31), **SECTIONS)
    first, second = rows(young_person, "copy")
    assert (first.due_on, first.state_on(LATER)) == (date(2026, 10, 23), State.MET_ON_TIME)
    assert (second.due_on, second.state_on(LATER)) == (date(2027, 4, 14), State.OVERDUE)  # 10 working days
    assert rows(young_person, "plan")[-1].due_on == date(2027, 9, 30)  # 31 March + 6 months, clamped


@pytest.mark.parametrize(
    ("checked_on", "due"),
    [
        (date(2021, 12, 31), date(2022, 6, 30)),   # aged 4 years 10 months: 6 months, past the 5th birthday
        (date(2022, 2, 27), date(2022, 8, 27)),    # the day before the 5th birthday: still 6 months
        (date(2022, 2, 28), date(2023, 2, 28)),    # the 5th birthday: 12 months
    ],
)
def test_health_assessments_are_six_monthly_before_the_fifth_birthday_and_yearly_after(checked_on, due):
    from pledges.rules import Event, every

    born = date(2017, 2, 28)
    params = {"months": 12, "younger_than": {"age": 5, "months": 6}}
    cycles = every(start=None, events=[Event(checked_on, "health_assessment", 1)], params=params, born=born)
    assert cycles[-1].due_on == due
