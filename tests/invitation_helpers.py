"""What the tests of young people's accounts by invitation share (tests/test_invitations_*.py): a young person to
invite, inviting them, and using the link."""
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from casework.accounts.invitations import invitation_create
from casework.models import User

from .factories import AllocationFactory, YoungPersonFactory

LONDON = ZoneInfo("Europe/London")
SENT = datetime(2026, 3, 2, 17, 0, tzinfo=LONDON)  # Monday 2 March 2026, 5pm
GOOD_PASSWORD = "purple-kettle-on-the-hill"
DEAD_PAGE = "This link has run out or has been used"


@pytest.fixture
def sky(people):
    """Sky has no account yet; Sita is her social worker (and the IRO reviews her care)."""
    sky = YoungPersonFactory(council=people.council, user=None, first_name="Sky", last_name="Willow")
    AllocationFactory(young_person=sky, worker=people.social_worker)
    AllocationFactory(young_person=sky, worker=people.iro)
    return sky


def invite(sky, people, *, email="sky@example.test", now=SENT):
    return invitation_create(young_person=sky, email=email, by=people.social_worker, now=now)


def accept_url(token):
    return reverse("invitation_accept", kwargs={"token": token})


def set_password(client, token, first=GOOD_PASSWORD, second=None):
    return client.post(accept_url(token), {"password1": first, "password2": first if second is None else second})


def nothing_saved(sky):
    sky.refresh_from_db()
    return sky.user_id is None and not User.objects.filter(email="sky@example.test").exists()
