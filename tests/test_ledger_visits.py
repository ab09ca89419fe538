"""Regulation 28 on the ledger: visits follow the placement the young person is in on each day (weekly with family or
friends or with a parent before assessment until the first review; every 3 months after a year of a placement meant
to last until 18), recorded through the services, shown on their pledge page and their worker's overview, and read
for a batch in a fixed number of queries."""
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from casework.contacts.services import contact_log
from casework.models import AdvocateOffer, Contact, ContactKind, Placement, PlacementKind
from casework.plans.services import placement_move, placement_start
from pledges.ledger.recompute import Rules, recompute_batch
from pledges.models import LedgerEntry
from pledges.visit_schedule import REGULATION_28
from reviews.models import ParticipationCode, Review
from reviews.services import review_record_held, review_schedule

from .factories import MeasureFactory, PromiseFactory, YoungPersonFactory

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
State = LedgerEntry.State
LATER = datetime(2027, 9, 1, 12, tzinfo=LONDON)  # when the records are made: after every event they record
VISITS = {"weeks": 6, "steps": [{"days": 7}], "restarts": "placement", "counts": "visit", "starts": "came_into_care",
          "placements": REGULATION_28}
REVIEWS = {"months": 6, "steps": [{"working_days": 20}, {"months": 3}], "counts": "review", "starts": "came_into_care"}


@pytest.fixture
def visits(people):
    return MeasureFactory(council=people.council, key="statutory-visit", basis="statutory", name="Visits (reg 28)",
                          params=VISITS)


def came_into_care(people, on):
    people.young_person.became_looked_after_on = on
    people.young_person.save()
    return people.young_person


def placed(people, on, kind=PlacementKind.FOSTER, *, move=False, **extra):
    fields = {"kind": kind, "carer_or_home": f"Carer from {on}", "started_on": on, **extra}
    with time_machine.travel(LATER):
        if not move:
            return placement_start(young_person=people.young_person, recorded_by=people.social_worker, **fields)
        return placement_move(young_person=people.young_person, recorded_by=people.social_worker,
                              advocate_offer=AdvocateOffer.OFFERED, advocate_offered_on=on, school_wish_recorded=True,
                              school_wish="Stay at my school", **fields)


def visited(people, on):
    with time_machine.travel(LATER):
        contact_log(young_person=people.young_person, worker=people.social_worker, happened_on=on,
                    kind=ContactKind.VISIT_HOME, seen_alone=True, note="")


def reviewed(people, on):
    with time_machine.travel(LATER):
        review = review_schedule(by=people.manager, young_person=people.young_person, iro=people.iro, scheduled_for=on)
        review_record_held(by=people.manager, review=review, held_on=on, attendees="",
                           participation=ParticipationCode.PN1, took_part_how="", decisions="")


def visit_row(people, on, key="statutory-visit"):
    return LedgerEntry.objects.get(young_person=people.young_person, measure__key=key, cycle_start=on,
                                   started_by="visit")


@pytest.mark.parametrize(("review_on", "due"), [(date(2026, 1, 15), date(2026, 2, 6)),
                                                (date(2026, 1, 16), date(2026, 2, 6)),
                                                (date(2026, 1, 17), date(2026, 1, 16))])
def test_family_and_friends_are_visited_weekly_until_the_first_review_then_every_4_weeks(people, visits, review_on,
                                                                                        due):
    came_into_care(people, date(2026, 1, 5))
    placed(people, date(2026, 1, 5), PlacementKind.CONNECTED_PERSON)
    visited(people, date(2026, 1, 9))
    assert visit_row(people, date(2026, 1, 9)).due_on == date(2026, 1, 16)  # weekly, before any review
    reviewed(people, review_on)  # the review moves the clock: no recompute by hand
    assert visit_row(people, date(2026, 1, 9)).due_on == due


def test_a_child_placed_with_parents_before_assessment_is_visited_weekly_then_every_6_weeks(people, visits):
    came_into_care(people, date(2026, 1, 5))
    placed(people, date(2026, 1, 5), PlacementKind.WITH_PARENTS, before_assessment=True)
    visited(people, date(2026, 1, 9))
    visited(people, date(2026, 1, 20))
    reviewed(people, date(2026, 1, 19))
    first = visit_row(people, date(2026, 1, 9))
    assert (first.due_on, first.state_on(date(2027, 1, 1))) == (date(2026, 1, 16), State.MET_LATE)
    assert visit_row(people, date(2026, 1, 20)).due_on == date(2026, 3, 3)


@pytest.mark.parametrize(("today", "state"), [(date(2027, 2, 27), State.DUE_SOON), (date(2027, 2, 28), State.DUE_TODAY),
                                              (date(2027, 3, 1), State.OVERDUE)])
def test_a_year_into_a_placement_meant_to_last_until_18_the_next_visit_is_3_months_on_clamped_at_the_month_end(
        people, visits, today, state):
    came_into_care(people, date(2025, 11, 30))
    placed(people, date(2025, 11, 30), meant_to_last_until_18=True)
    visited(people, date(2026, 11, 30))
    row = visit_row(people, date(2026, 11, 30))
    assert row.due_on == date(2027, 2, 28)  # 30 November + 3 months
    assert row.state_on(today) == state


def test_a_move_to_family_and_friends_mid_cycle_changes_the_interval_from_the_move(people, visits):
    came_into_care(people, date(2026, 1, 5))
    placed(people, date(2026, 1, 5))
    visited(people, date(2026, 2, 2))
    assert visit_row(people, date(2026, 2, 2)).due_on == date(2026, 3, 16)  # 6 weeks in foster care
    placed(people, date(2026, 2, 16), PlacementKind.CONNECTED_PERSON, move=True)
    moved = LedgerEntry.objects.get(young_person=people.young_person, started_by="new_placement",
                                    cycle_start=date(2026, 2, 16))
    assert moved.due_on == date(2026, 2, 23)
    visited(people, date(2026, 2, 20))
    row = visit_row(people, date(2026, 2, 20))
    assert (row.status, row.due_on) == (LedgerEntry.Status.OPEN, date(2026, 2, 27))
    assert "every week while they live with family or friends, until the first review" in row.explanation


def test_weekly_visits_end_on_a_first_review_due_20_working_days_on_past_easter_and_the_may_bank_holiday(people,
                                                                                                        visits):
    MeasureFactory(council=people.council, key="statutory-review", basis="statutory", name="Reviews", params=REVIEWS)
    came_into_care(people, date(2026, 4, 2))  # the Thursday before Good Friday
    placed(people, date(2026, 4, 2), PlacementKind.CONNECTED_PERSON)
    [review] = LedgerEntry.objects.filter(young_person=people.young_person, measure__key="statutory-review")
    assert review.due_on == date(2026, 5, 5)  # 3 and 6 April and 4 May are bank holidays
    visited(people, date(2026, 4, 28))
    assert visit_row(people, date(2026, 4, 28)).due_on == date(2026, 5, 5)  # weekly: calendar days
    reviewed(people, date(2026, 5, 5))
    assert visit_row(people, date(2026, 4, 28)).due_on == date(2026, 5, 26)  # every 4 weeks from the review


@time_machine.travel(datetime(2026, 1, 12, 10, tzinfo=LONDON), tick=False)
def test_the_young_persons_pledge_page_and_the_workers_overview_show_the_weekly_due_date(client, people,
                                                                                        small_pledge):
    promise = PromiseFactory(section=small_pledge.sections.get(order=1), order=2,
                             text="Your social worker will visit you as the law says")
    MeasureFactory(council=people.council, promise=promise, key="statutory-visit", basis="statutory",
                   name="Visits (regulation 28)", params=VISITS)
    came_into_care(people, date(2026, 1, 5))
    placement_start(young_person=people.young_person, recorded_by=people.social_worker,
                    kind=PlacementKind.CONNECTED_PERSON, carer_or_home="Gran", started_on=date(2026, 1, 5))
    contact_log(young_person=people.young_person, worker=people.social_worker, happened_on=date(2026, 1, 9),
                kind=ContactKind.VISIT_HOME, seen_alone=True, note="")
    client.force_login(people.young_person.user)
    html = client.get(reverse("my_pledge")).content.decode()
    assert "Your next visit is due by Friday 16 January." in html
    client.force_login(people.social_worker.user)
    html = client.get(reverse("young_person_overview", args=[people.young_person.pk])).content.decode()
    assert "Visits (regulation 28): due Friday 16 January (in 4 days)." in html
    assert "every week while they live with family or friends, until the first review" in html


@pytest.mark.parametrize("size", [2, 8])
def test_a_batch_reads_placements_reviews_and_visits_once_whatever_its_size(people, visits, django_assert_num_queries,
                                                                            size):
    young_people = [YoungPersonFactory(council=people.council, became_looked_after_on=date(2026, 1, 5))
                    for _ in range(size)]
    for number, young_person in enumerate(young_people):
        Placement.objects.create(young_person=young_person, started_on=date(2026, 1, 5),
                                 kind=PlacementKind.CONNECTED_PERSON if number % 2 else PlacementKind.FOSTER,
                                 meant_to_last_until_18=not number % 2)
        Contact.objects.create(young_person=young_person, worker=people.social_worker, kind=ContactKind.VISIT_HOME,
                               happened_on=date(2026, 1, 9))
        Review.objects.create(young_person=young_person, scheduled_for=date(2026, 1, 20), held_on=date(2026, 1, 20))
    LedgerEntry.objects.all().delete()
    rules = Rules.of(council_id=people.council.pk, counts={"visit"})
    # SAVEPOINT, overrides, existing rows, contacts, placements, reviews, one INSERT, RELEASE.
    with time_machine.travel(LATER), django_assert_num_queries(8):
        recompute_batch(young_people=young_people, rules=rules)
    assert LedgerEntry.objects.filter(started_by="visit").count() == size
    weekly = LedgerEntry.objects.get(young_person=young_people[1], started_by="visit")
    assert weekly.due_on == date(2026, 1, 16)  # family and friends: weekly until the review on the 20th


def test_an_upgraded_council_gets_the_schedule_by_migration_and_its_rows_by_recompute_ledger_counts_visit(people):
    from importlib import import_module
    from io import StringIO

    from django.apps import apps
    from django.core.management import call_command

    from .factories import contact_measures

    contact_measures(people.council)  # the statutory visit measure as held before this release
    came_into_care(people, date(2026, 1, 5))
    placed(people, date(2026, 1, 5), PlacementKind.CONNECTED_PERSON)
    visited(people, date(2026, 1, 9))
    assert visit_row(people, date(2026, 1, 9)).due_on == date(2026, 2, 20)  # 6 weeks, as before
    import_module("pledges.migrations.0015_regulation_28_visit_schedule").add_the_schedule(apps, None)
    with time_machine.travel(LATER):
        call_command("recompute_ledger", council=people.council.slug, counts=["visit"], stdout=StringIO())
    assert visit_row(people, date(2026, 1, 9)).due_on == date(2026, 1, 16)  # weekly: no review held yet
