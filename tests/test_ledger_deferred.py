"""Bulk writes (an import) hold the per-save recomputes and recompute each touched young person once at the end:
the rows are the same as if every save had recomputed, at the cost of one recompute per young person."""
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import transaction

from casework.contacts.services import contact_log
from casework.models import Contact, ContactKind
from pledges.ledger import ledger_deferred
from pledges.ledger import recompute as recompute_module
from pledges.models import LedgerEntry

from .factories import AllocationFactory, YoungPersonFactory, callback_measure, contact_measures

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
NOW = datetime(2026, 10, 10, 12, tzinfo=LONDON)
# Everything but the events' own ids (the second write makes new contacts).
FIELDS = ["young_person_id", "measure_id", "cycle_start", "started_by", "due_on", "status", "met_on", "met_by",
          "explanation", "next_alert_at"]


def log_visits(young_people, worker):
    for young_person in young_people:
        for weeks_ago in (20, 14, 8, 2):
            contact_log(young_person=young_person, worker=worker, happened_on=NOW.date() - timedelta(weeks=weeks_ago),
                        kind=ContactKind.VISIT_HOME, seen_alone=True, note="")


def ledger_rows(young_people):
    return sorted(LedgerEntry.objects.filter(young_person__in=young_people).values_list(*FIELDS))


@pytest.fixture
def two_young_people(people):
    contact_measures(people.council)
    callback_measure(people.council)
    second = YoungPersonFactory(council=people.council, became_looked_after_on=date(2025, 1, 6))
    AllocationFactory(young_person=second, worker=people.social_worker)
    return [people.young_person, second]


def count_batches(monkeypatch):
    """Count calls of the one batch recompute every path goes through."""
    calls = []
    real = recompute_module.recompute_batch

    def counting(**kwargs):
        calls.append([young_person.pk for young_person in kwargs["young_people"]])
        return real(**kwargs)
    monkeypatch.setattr(recompute_module, "recompute_batch", counting)
    return calls


def test_inside_a_bulk_write_each_touched_young_person_is_recomputed_once_at_the_end(people, two_young_people,
                                                                                     monkeypatch):
    calls = count_batches(monkeypatch)
    with time_machine.travel(NOW), transaction.atomic(), ledger_deferred() as touched:
        log_visits(two_young_people, people.social_worker)
        assert calls == []  # eight visits saved, no recompute yet
        assert not LedgerEntry.objects.filter(young_person__in=two_young_people, started_by="visit").exists()
    assert touched == {young_person.pk for young_person in two_young_people}
    assert calls == [sorted(touched)]  # one batch, each young person once
    assert LedgerEntry.objects.filter(young_person__in=two_young_people, started_by="visit").exists()


def test_a_bulk_write_leaves_the_same_rows_as_saving_one_at_a_time(people, two_young_people):
    with time_machine.travel(NOW):
        log_visits(two_young_people, people.social_worker)
        one_at_a_time = ledger_rows(two_young_people)
        assert len(one_at_a_time) > 8
        Contact.objects.filter(young_person__in=two_young_people).delete()
        LedgerEntry.objects.all().delete()
        with ledger_deferred():
            log_visits(two_young_people, people.social_worker)
    assert ledger_rows(two_young_people) == one_at_a_time


def test_a_bulk_write_that_fails_recomputes_nothing_and_writes_nothing(people, two_young_people, monkeypatch):
    calls = count_batches(monkeypatch)
    before = ledger_rows(two_young_people)
    with time_machine.travel(NOW), pytest.raises(ValueError):
        with transaction.atomic(), ledger_deferred():
            log_visits(two_young_people, people.social_worker)
            raise ValueError("line 40 of episodes.csv")
    assert calls == []
    assert ledger_rows(two_young_people) == before


def test_outside_a_bulk_write_each_save_recomputes_as_before(people, two_young_people, monkeypatch):
    calls = count_batches(monkeypatch)
    with time_machine.travel(NOW):
        log_visits(two_young_people[:1], people.social_worker)
    assert len(calls) == 4


def test_a_bulk_write_inside_another_is_recomputed_once_by_the_outer_one(people, two_young_people, monkeypatch):
    calls = count_batches(monkeypatch)
    with time_machine.travel(NOW), ledger_deferred() as outer:
        with ledger_deferred() as inner:
            log_visits(two_young_people[:1], people.social_worker)
        assert inner is outer and calls == []
        log_visits(two_young_people[1:], people.social_worker)
    assert calls == [sorted(outer)]
