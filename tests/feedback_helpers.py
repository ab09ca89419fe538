"""What the tests of young people's voice on each promise share (tests/test_feedback_*.py): the promises, a
ledger that measures replies, an answer given, signing in, and the pages' addresses."""
from datetime import datetime
from datetime import timezone as dt_timezone

import pytest
from django.urls import reverse

from pledges.models import Promise
from pledges.services import promise_feedback_give

from .factories import feedback_measure

NOW = datetime(2026, 3, 2, 10, 30, tzinfo=dt_timezone.utc)  # a Monday: a reply is due by Monday 9 March
CARE = "Your social worker will be in touch at least every 6 weeks"
SHARED = "We will work hard to sort out any problems or worries"


@pytest.fixture
def promises(small_pledge):
    return {p.text: p for p in Promise.objects.filter(section__pledge=small_pledge)}


@pytest.fixture
def measured(people):
    return feedback_measure(people.council)


def give(people, promise, answer="no", comment="Nobody has been in touch since Christmas.", *, young_person=None,
         now=NOW):
    return promise_feedback_give(young_person=young_person or people.young_person, promise=promise, answer=answer,
                                 comment=comment, now=now)


def tell_us_url(promise):
    return reverse("feedback_new", args=[promise.pk])


def reply_url(feedback):
    return reverse("feedback_reply", args=[feedback.pk])


def login(client, user):
    client.force_login(user)
    return client
