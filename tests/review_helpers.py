"""What the tests of reviews chaired by the IRO share (tests/test_reviews_services.py,
tests/test_reviews_pages.py): a frozen clock, a booked review, and reading a form's dates and messages."""
from datetime import date, datetime
from zoneinfo import ZoneInfo

import factory
import pytest
import time_machine

from casework.models import Allocation, Role
from reviews.models import Consultation, IroChange, Review, ViewsSubmission

from .factories import WorkerFactory, YoungPersonFactory

LONDON = ZoneInfo("Europe/London")
NOW = datetime(2026, 11, 23, 10, tzinfo=LONDON)  # a Monday
TODAY = NOW.date()
NEXT_REVIEW = date(2026, 12, 8)


class ReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Review

    young_person = factory.SubFactory(YoungPersonFactory)
    iro = factory.SubFactory(WorkerFactory, council=factory.SelfAttribute("..young_person.council"), role=Role.IRO)
    scheduled_for = NEXT_REVIEW


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def booked(people):
    """The young person's next review, booked with their IRO."""
    return ReviewFactory(young_person=people.young_person, iro=people.iro, scheduled_for=NEXT_REVIEW)


def counts():
    return (Review.objects.count(), Consultation.objects.count(), ViewsSubmission.objects.count(),
            IroChange.objects.count(), list(Allocation.objects.order_by("pk").values_list("pk", "worker", "ended_on")))
