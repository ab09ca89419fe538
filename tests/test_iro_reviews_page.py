"""An IRO's list of reviews: their young people, the next review due and the consultation before it."""
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from casework.models import Role
from reviews.services import review_schedule

from .factories import AllocationFactory, MeasureFactory, YoungPersonFactory

pytestmark = pytest.mark.django_db
TODAY = datetime(2026, 11, 23, 10, tzinfo=ZoneInfo("Europe/London"))
REVIEWS = {"months": 6, "steps": [{"working_days": 20}, {"months": 3}], "counts": "review", "starts": "came_into_care"}


@pytest.fixture
def reviews_measured(people):
    MeasureFactory(council=people.council, key="statutory-review", name="Review (regulation 33)", basis="statutory",
                   rule="every", params=REVIEWS)
    MeasureFactory(council=people.council, key="iro-consultation", name="IRO talks to them before each review",
                   rule="within", params={"due": "at_trigger", "counts": "consultation"})
    MeasureFactory(council=people.council, key="social-worker-contact")  # not an IRO's business
    people.young_person.became_looked_after_on = date(2026, 11, 2)
    people.young_person.save()
    return people


@time_machine.travel(TODAY, tick=False)
def test_an_iro_sees_the_next_review_due_and_the_booked_date_for_their_young_people_only(client, reviews_measured):
    people = reviews_measured
    review_schedule(by=people.manager, young_person=people.young_person, iro=people.iro, scheduled_for=date(2026, 11, 27))
    client.force_login(people.iro.user)
    html = client.get(reverse("iro_reviews")).content.decode()
    assert people.young_person.full_name in html
    assert people.other_young_person.full_name not in html
    assert "Next review booked for <strong>Friday 27 November 2026</strong>" in html
    assert "Review (regulation 33): due Monday 30 November" in html  # 20 working days after Monday 2 November
    assert "IRO talks to them before each review: due Friday 27 November" in html
    assert "Social worker in touch" not in html


def test_a_young_person_has_no_list_of_reviews(client, people):
    client.force_login(people.young_person.user)
    assert client.get(reverse("iro_reviews")).status_code == 404


@pytest.mark.parametrize("young_people", [1, 6])
@time_machine.travel(TODAY, tick=False)
def test_the_iro_list_takes_a_fixed_number_of_queries(client, reviews_measured, django_assert_num_queries, young_people):
    people = reviews_measured
    for _ in range(young_people):
        young_person = YoungPersonFactory(council=people.council, became_looked_after_on=date(2025, 1, 6))
        AllocationFactory(young_person=young_person, worker=people.iro, role=Role.IRO)
        review_schedule(by=people.manager, young_person=young_person, iro=people.iro, scheduled_for=date(2026, 12, 1))
    client.force_login(people.iro.user)
    # Session, user, savepoint, young people, open ledger rows, booked reviews, the IRO's allocations (who may
    # book a review), release, and one INSERT logging every young person listed (casework.audit).
    with django_assert_num_queries(9):
        assert client.get(reverse("iro_reviews")).status_code == 200
