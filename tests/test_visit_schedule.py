"""Regulation 28's visit schedule as a pure rule (pledges.visit_schedule): the interval follows the placement the young
person is in on each day, at the edges of each deadline (the day before, the day, the day after)."""
from datetime import date

import pytest

from pledges.rules import Event, every
from pledges.visit_schedule import REGULATION_28, Schedule

PARAMS = {"weeks": 6, "steps": [{"days": 7}], "restarts": "placement", "counts": "visit", "starts": "came_into_care",
          "placements": REGULATION_28}
CAME = date(2026, 1, 5)  # a Monday: came into care and placed that day


def placement(on, schedule="", ident=100):
    return Event(on, "new_placement", ident, schedule)


def cycles(*, placements, visits, reviews=(), came=CAME):
    visits = [Event(on, "visit", number) for number, on in enumerate(visits, start=1)]
    schedule = Schedule(params=PARAMS, placements=placements, reviews=list(reviews))
    return every(start=Event(came, "came_into_care"), events=visits, restarts=placements, params=PARAMS,
                 schedule=schedule)


def after_visit(found, on):
    """The cycle the visit on `on` began."""
    [cycle] = [c for c in found if c.started_by == "visit" and c.cycle_start == on]
    return cycle


def test_without_the_schedule_every_visit_is_due_the_measures_own_interval_later():
    found = every(start=Event(CAME, "came_into_care"), events=[Event(date(2026, 1, 9), "visit", 1)],
                  restarts=[placement(CAME, "connected_person")], params={k: v for k, v in PARAMS.items()
                                                                          if k != "placements"})
    assert found[-1].due_on == date(2026, 2, 20)


@pytest.mark.parametrize(("visited", "on_time"), [(date(2026, 1, 11), True), (date(2026, 1, 12), True),
                                                   (date(2026, 1, 13), False)])
def test_the_first_visit_is_due_within_a_week_of_the_placement_starting(visited, on_time):
    [first, _] = cycles(placements=[placement(CAME)], visits=[visited])
    assert first.due_on == date(2026, 1, 12)
    assert (first.met_on <= first.due_on) is on_time


def test_an_ordinary_placement_is_visited_every_6_weeks_in_its_first_year_and_after_it():
    found = cycles(placements=[placement(CAME)], visits=[date(2026, 6, 1), date(2027, 1, 5)])
    assert after_visit(found, date(2026, 6, 1)).due_on == date(2026, 7, 13)
    last = after_visit(found, date(2027, 1, 5))
    assert (last.due_on, last.explanation) == (date(2027, 2, 16), "6 weeks after the visit on Tuesday 5 January 2027")


LONG_TERM_FROM = date(2025, 11, 30)  # a year on: 30 November 2026


@pytest.mark.parametrize(
    ("visited", "due"),
    [
        (date(2026, 10, 18), date(2026, 11, 29)),  # due the day before the anniversary: still 6 weeks
        (date(2026, 10, 19), date(2027, 1, 19)),   # due on the anniversary: from then, 3 months from the visit
        (date(2026, 11, 29), date(2027, 2, 28)),   # the day before: 29 February 2027 does not exist
        (date(2026, 11, 30), date(2027, 2, 28)),   # the anniversary: 30 November + 3 months, clamped
        (date(2026, 12, 1), date(2027, 3, 1)),     # the day after
    ],
)
def test_a_placement_meant_to_last_until_18_is_visited_every_3_months_after_its_first_year(visited, due):
    found = cycles(placements=[placement(LONG_TERM_FROM, "long_term")], visits=[visited], came=LONG_TERM_FROM)
    assert after_visit(found, visited).due_on == due


def test_the_explanation_says_why_3_months():
    found = cycles(placements=[placement(LONG_TERM_FROM, "long_term")], visits=[date(2026, 11, 30)],
                   came=LONG_TERM_FROM)
    assert after_visit(found, date(2026, 11, 30)).explanation == (
        "3 months after the visit on Monday 30 November 2026: every 3 months after the first year of a placement "
        "meant to last until they are 18 (a year on Monday 30 November 2026)")


@pytest.mark.parametrize(
    ("reviewed", "due"),
    [
        (date(2026, 1, 15), date(2026, 2, 6)),  # the review before the weekly visit was due: 4 weeks from the visit
        (date(2026, 1, 16), date(2026, 2, 6)),  # the review on the day it was due
        (date(2026, 1, 17), date(2026, 1, 16)),  # the review the day after: that week's visit was already late
    ],
)
def test_family_and_friends_are_visited_weekly_until_the_first_review_then_every_4_weeks(reviewed, due):
    found = cycles(placements=[placement(CAME, "connected_person")], visits=[date(2026, 1, 9)], reviews=[reviewed])
    assert after_visit(found, date(2026, 1, 9)).due_on == due


def test_after_the_first_review_family_and_friends_are_visited_every_4_weeks():
    found = cycles(placements=[placement(CAME, "connected_person")],
                   visits=[date(2026, 1, 9), date(2026, 1, 16), date(2026, 1, 20)], reviews=[date(2026, 1, 19)])
    assert after_visit(found, date(2026, 1, 9)).due_on == date(2026, 1, 16)
    last = after_visit(found, date(2026, 1, 20))
    assert (last.due_on, last.explanation) == (date(2026, 2, 17), (
        "4 weeks after the visit on Tuesday 20 January 2026: every 4 weeks while they live with family or friends, "
        "after the first review on Monday 19 January 2026"))


def test_until_a_review_is_held_family_and_friends_are_visited_every_week_and_an_earlier_review_does_not_count():
    found = cycles(placements=[placement(CAME, "connected_person")], visits=[date(2026, 3, 2)],
                   reviews=[date(2025, 12, 1)])
    last = after_visit(found, date(2026, 3, 2))
    assert (last.due_on, last.explanation) == (date(2026, 3, 9), (
        "1 week after the visit on Monday 2 March 2026: every week while they live with family or friends, "
        "until the first review"))


@pytest.mark.parametrize(("reviewed", "due"), [(date(2026, 1, 16), date(2026, 2, 20)),
                                               (date(2026, 1, 17), date(2026, 1, 16))])
def test_a_child_placed_with_parents_before_assessment_is_visited_weekly_until_the_first_review_then_6_weekly(
        reviewed, due):
    found = cycles(placements=[placement(CAME, "with_parent_before_assessment")], visits=[date(2026, 1, 9)],
                   reviews=[reviewed])
    assert after_visit(found, date(2026, 1, 9)).due_on == due


def test_a_bank_holiday_does_not_move_a_weekly_visit_regulation_28_counts_calendar_weeks():
    found = cycles(placements=[placement(date(2026, 12, 14), "connected_person")], visits=[date(2026, 12, 18)],
                   came=date(2026, 12, 14))
    assert after_visit(found, date(2026, 12, 18)).due_on == date(2026, 12, 25)  # Christmas Day


def test_a_move_to_family_and_friends_mid_cycle_makes_the_next_visit_due_within_a_week_then_weekly():
    move = placement(date(2026, 2, 16), "connected_person", ident=101)
    found = cycles(placements=[placement(CAME), move], visits=[date(2026, 2, 2), date(2026, 2, 20)])
    assert after_visit(found, date(2026, 2, 2)).due_on == date(2026, 3, 16)  # the 6 weeks it was, met sooner
    [moved] = [c for c in found if c.started_by == "new_placement"]
    assert (moved.due_on, moved.met_on) == (date(2026, 2, 23), date(2026, 2, 20))
    assert after_visit(found, date(2026, 2, 20)).due_on == date(2026, 2, 27)  # weekly from then


@pytest.mark.parametrize(
    ("moved_on", "due"),
    [(date(2026, 1, 15), date(2026, 1, 22)),   # while the weekly visit was not yet due: the new placement's week
     (date(2026, 1, 16), date(2026, 1, 23)),   # on the day it was due
     (date(2026, 1, 17), date(2026, 1, 16))],  # the day after: it was late already and stays late
)
def test_a_move_from_family_and_friends_to_foster_care_mid_cycle_follows_the_new_placement(moved_on, due):
    move = placement(moved_on, "", ident=101)
    # A review after the move is not the old placement's first review: the new placement's week stands.
    found = cycles(placements=[placement(CAME, "connected_person"), move], visits=[date(2026, 1, 9)],
                   reviews=[date(2026, 1, 20)])
    assert after_visit(found, date(2026, 1, 9)).due_on == due


def test_after_the_move_visits_follow_the_new_placements_schedule():
    move = placement(date(2026, 1, 15), "", ident=101)
    found = cycles(placements=[placement(CAME, "connected_person"), move], visits=[date(2026, 1, 9), date(2026, 1, 20)])
    assert after_visit(found, date(2026, 1, 20)).due_on == date(2026, 3, 3)  # 6 weeks: foster care


def test_params_that_leave_a_schedule_out_give_that_placement_the_usual_6_weeks():
    params = {**PARAMS, "placements": {"long_term": {"months": 3}}}
    schedule = Schedule(params=params, placements=[placement(CAME, "connected_person")], reviews=[])
    assert schedule.due(Event(date(2026, 1, 9), "visit", 1))[0] == date(2026, 2, 20)
