"""The ledger at scale: one registry of what moves a clock, a batch of young people read in a fixed number of
queries, only changed rows written (their notification stamps kept), and the per-event path's cost pinned."""
import io
import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command

from casework.models import Contact, ContactKind, Council, Placement
from casework.contacts.services import contact_log
from pledges.ledger import COUNTS, ledger_recompute, ledger_recompute_all
from pledges.ledger.recompute import Rules, recompute_batch
from pledges.models import LedgerEntry
from pledges.signals import EVENT_RECORDS
from reviews.models import Consultation

from .factories import YoungPersonFactory, callback_measure, contact_measures

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
TODAY = date(2026, 10, 10)


def history(young_person, worker, *, years: int) -> None:
    """A visit about every 5 weeks since coming into care `years` ago, written without signals, then one recompute."""
    start = TODAY - timedelta(days=365 * years)
    type(young_person).objects.filter(pk=young_person.pk).update(became_looked_after_on=start)
    young_person.refresh_from_db()
    Contact.objects.bulk_create([
        Contact(young_person=young_person, worker=worker, happened_on=start + timedelta(days=day),
                kind=ContactKind.VISIT_HOME)
        for day in range(3, 365 * years - 3, 35)
    ])
    with time_machine.travel(datetime(2026, 10, 10, 12, tzinfo=LONDON)):
        ledger_recompute(young_person=young_person)


# The service's own work (SAVEPOINT, who may record it, the young person and worker checked, INSERT the contact,
# RELEASE) and the ledger's: the council's versions, the measures that count contacts and their published changes,
# SAVEPOINT, overrides, the young person's rows for those measures, contacts and placements (each read once), one
# INSERT of the new open rows, one UPDATE of the rows now met, RELEASE. Nothing grows with the history.
VISIT_LOGGED_QUERIES = 17


@pytest.mark.parametrize("years", [1, 5])
def test_logging_a_visit_costs_the_same_queries_with_five_years_of_history_as_with_one(
    people, django_assert_num_queries, years
):
    contact_measures(people.council)
    history(people.young_person, people.social_worker, years=years)
    rows = LedgerEntry.objects.filter(young_person=people.young_person).count()
    assert rows > 8 * years  # the history really is there
    with time_machine.travel(datetime(2026, 10, 10, 12, tzinfo=LONDON)), \
            django_assert_num_queries(VISIT_LOGGED_QUERIES):
        contact_log(young_person=people.young_person, worker=people.social_worker, happened_on=TODAY,
                    kind=ContactKind.VISIT_HOME, seen_alone=True, note="")
    assert LedgerEntry.objects.filter(young_person=people.young_person, cycle_start=TODAY).count() == 2


@pytest.mark.parametrize("size", [2, 12])
def test_a_batch_reads_each_kind_of_record_once_whatever_its_size(people, django_assert_num_queries, size):
    contact_measures(people.council)
    callback_measure(people.council)
    young_people = [YoungPersonFactory(council=people.council, became_looked_after_on=date(2026, 1, 5))
                    for _ in range(size)]
    for young_person in young_people:
        history(young_person, people.social_worker, years=1)
    LedgerEntry.objects.all().delete()
    rules = Rules.of(council_id=people.council.pk)
    # SAVEPOINT, overrides, existing rows, contacts, placements, call-back requests (no request: no attempts read),
    # one INSERT, RELEASE.
    with time_machine.travel(datetime(2026, 10, 10, 12, tzinfo=LONDON)), django_assert_num_queries(8):
        written = recompute_batch(young_people=young_people, rules=rules)
    assert written == LedgerEntry.objects.count() > 10 * size


def test_a_recompute_writes_only_what_changed_and_keeps_every_stamp(people):
    pledge, _ = contact_measures(people.council)
    history(people.young_person, people.social_worker, years=2)
    sent = datetime(2026, 10, 1, 9, tzinfo=LONDON)
    open_row = LedgerEntry.objects.get(young_person=people.young_person, measure=pledge, status="open")
    LedgerEntry.objects.filter(pk=open_row.pk).update(due_soon_notified_at=sent, next_alert_at=None)
    fields = ["pk", "cycle_start", "due_on", "status", "explanation", "met_on"]
    before = list(LedgerEntry.objects.filter(young_person=people.young_person).values_list(*fields))
    with time_machine.travel(datetime(2026, 10, 10, 12, tzinfo=LONDON)):
        rules = Rules.of(council_id=people.council.pk)
        assert recompute_batch(young_people=[people.young_person], rules=rules) == 1  # its next alert, put right
        assert recompute_batch(young_people=[people.young_person], rules=rules) == 0
        assert ledger_recompute_all(council_id=people.council.pk, batch_size=1) == 2
    # The same rows, rebuilt in place.
    assert list(LedgerEntry.objects.filter(young_person=people.young_person).values_list(*fields)) == before
    open_row.refresh_from_db()
    assert open_row.due_soon_notified_at == sent  # the warning already sent is not sent again
    assert open_row.next_alert_at is not None and open_row.next_alert_at > sent


def test_which_records_move_which_measures_is_read_from_the_one_registry():
    _, contact_counts = EVENT_RECORDS[Contact]
    assert contact_counts == {"contact", "visit", "keep_in_touch", "adviser_visit"}
    # A placement also says when a young person was in care (no in-touch check is owed for a birthday spent there).
    assert EVENT_RECORDS[Placement][1] == {"visit", "move_review", "advocate_offer", "in_touch"}
    young_person_of, counts = EVENT_RECORDS[Consultation]
    assert counts == {"consultation"}
    every_model = {records.model for reads in COUNTS.values() for records in reads.reads()}
    assert set(EVENT_RECORDS) == every_model


def test_the_benchmark_prints_both_recomputes_and_the_same_queries_for_a_small_and_a_big_batch():
    out = io.StringIO()
    call_command("benchmark", "--young-people", "12", "--years", "1", "--batch-size", "5", "--ledger-only", stdout=out)
    printed = out.getvalue()
    assert "Recompute every ledger row from empty" in printed
    assert "Recompute every ledger row with the rows already there" in printed
    counts = re.findall(r"Queries for one batch of (\d+) young people \(from empty\): (\d+)", printed)
    assert [size for size, _ in counts] == ["5", "10"] and len({n for _, n in counts}) == 1
    assert not Council.objects.filter(slug="benchmarkshire").exists()
