"""What the tests of text messages share (tests/test_texts*.py): a local GOV.UK Notify (tests/fake_notify.py) the
portal's settings point at, choosing texts, and the call-back promise measured."""
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from notifications.models import MessagePreferences

from . import fake_notify
from .factories import PromiseFactory, callback_measure

LONDON = ZoneInfo("Europe/London")
MONDAY = datetime(2026, 11, 23, 10, tzinfo=LONDON)  # a Monday; two working days on is Wednesday 25 November


@pytest.fixture
def notify(settings):
    """A Notify on 127.0.0.1 with the portal's key and template pointed at it; stopped after."""
    server = fake_notify.start()
    settings.NOTIFY_API_KEY = fake_notify.API_KEY
    settings.NOTIFY_BASE_URL = server.base_url
    settings.NOTIFY_SMS_TEMPLATE_ID = fake_notify.TEMPLATE_ID
    settings.SITE_URL = "https://pledges.council.gov.uk"
    yield server
    server.shutdown()
    server.server_close()


def wants_texts(user, mobile: str = "", daily_digest: bool = True) -> MessagePreferences:
    return MessagePreferences.objects.create(user=user, texts=True, mobile=mobile, daily_digest=daily_digest)


@pytest.fixture
def callbacks(people, small_pledge):
    """The call-back promise (within 2 working days) measured for the first council."""
    promise = PromiseFactory(section=small_pledge.sections.get(order=3), order=2,
                             text="We will return your call within two working days")
    with time_machine.travel(datetime(2026, 9, 1, 9, tzinfo=LONDON)):
        callback_measure(people.council, promise=promise)
    return people
