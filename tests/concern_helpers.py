"""What the tests of worries, complaints and asking for an advocate share (tests/test_concerns_*.py): concerns
and replies straight into the tables, signing in, and the pages' addresses."""
from datetime import datetime, timedelta
from datetime import timezone as dt_timezone

import factory
import pytest
from django.urls import reverse

from casework.models import Concern, ConcernResponse

NOW = datetime(2026, 3, 2, 10, 30, tzinfo=dt_timezone.utc)  # a Monday


class ConcernFactory(factory.django.DjangoModelFactory):
    """A concern straight into the table (concern_raise is tested on its own in tests/test_concerns_services.py)."""

    class Meta:
        model = Concern

    kind = Concern.Kind.WORRY
    audience = Concern.Audience.WORKER
    text = factory.Sequence(lambda n: f"Worry number {n}: my placement is too far from school.")
    raised_at = factory.Sequence(lambda n: NOW + timedelta(minutes=n))


class ConcernResponseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ConcernResponse

    written_at = factory.Sequence(lambda n: NOW + timedelta(hours=1, minutes=n))
    text = factory.Sequence(lambda n: f"Reply number {n}: I will ring the school today.")


def login(client, user):
    client.force_login(user)
    return client


def detail_url(concern):
    return reverse("concern_detail", args=[concern.pk])


def acknowledge_url(concern):
    return reverse("concern_acknowledge", args=[concern.pk])


@pytest.fixture
def concerns(people):
    """One concern from Rob for each audience, and one from Sky (another worker's caseload) to her worker."""
    return {
        "worker": ConcernFactory(young_person=people.young_person, audience=Concern.Audience.WORKER),
        "iro": ConcernFactory(young_person=people.young_person, audience=Concern.Audience.IRO),
        "complaints": ConcernFactory(young_person=people.young_person, audience=Concern.Audience.COMPLAINTS,
                                     kind=Concern.Kind.COMPLAINT),
        "sky": ConcernFactory(young_person=people.other_young_person, audience=Concern.Audience.WORKER),
    }
