"""What the tests of the deadline sweep and notifications share (tests/test_notifications_sweep.py,
tests/test_notifications_email.py): the measures, a ledger row and sweeping at a given time.

Dates: a young person came into care on Monday 3 November 2025 and the council promises their social
worker is in touch at least every 6 weeks, so the first contact is due on Monday 15 December. The worker
is warned 7 days before (from midnight on 8 December), told it is overdue from midnight on 16 December,
and the team manager is told from midnight on 23 December (7 days overdue).
"""
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from casework.models import YoungPerson
from notifications.models import MessagePreferences
from notifications.sweep import sweep
from pledges.ledger import ledger_recompute
from pledges.models import Basis, LedgerEntry, Measure

LONDON = ZoneInfo("Europe/London")
CAME_INTO_CARE = date(2025, 11, 3)
DUE = date(2025, 12, 15)
MEASURE_NAME = "Social worker in touch at least every 6 weeks"


def at(day: int, month: int = 12, year: int = 2025, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=LONDON)


@pytest.fixture
def contact_measure(people):
    # Sky (on Olu's caseload) came into care in 2022 and would be long overdue: only Robin's clock runs here.
    YoungPerson.objects.filter(pk=people.other_young_person.pk).update(became_looked_after_on=None)
    return Measure.objects.create(
        council=people.council, key="social-worker-contact", name=MEASURE_NAME, basis=Basis.PLEDGE, rule="every",
        params={"weeks": 6, "counts": "contact", "starts": "came_into_care"}, warn_days_before=7,
        escalate_after_days=7,
    )


@pytest.fixture
def ledger(people, contact_measure):
    """Robin's ledger: one open row, due on 15 December."""
    YoungPerson.objects.filter(pk=people.young_person.pk).update(became_looked_after_on=CAME_INTO_CARE)
    people.young_person.refresh_from_db()
    ledger_recompute(young_person=people.young_person)
    entry = LedgerEntry.objects.get(young_person=people.young_person, status="open")
    assert entry.due_on == DUE
    return entry


@pytest.fixture
def sweep_at(django_capture_on_commit_callbacks):
    """Run the sweep with the clock at a moment, running the email tasks it enqueues on commit."""
    def run(moment: datetime) -> int:
        with time_machine.travel(moment, tick=False), django_capture_on_commit_callbacks(execute=True):
            return sweep()
    return run


@pytest.fixture
def emails_one_by_one(people):
    """Everyone in `people` chose "An email for each reminder" rather than the morning digest (the default, tested in
    tests/test_digest.py): these tests are about the sweep's own emails."""
    for worker in (people.social_worker, people.other_worker, people.iro, people.manager, people.elsewhere_manager):
        MessagePreferences.objects.create(user=worker.user, daily_digest=False)
