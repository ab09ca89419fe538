"""Two transactions writing the ledger at once never deadlock on the dashboard's summaries (pledges migration 0022).

The ledger's triggers add each write to shared count rows (the council's, each team's and each worker's, per measure
and day). A transaction of two statements that touches day 1 and then day 2, beside another touching day 2 and then
day 1, used to hold one count row each and wait for the other's: PostgreSQL aborted one ("deadlock detected"), a 500
for the worker recording a visit while the council's ledger was rebuilt. Now the second writer queues for the
summaries before its first statement, and both commit. SQLite lets one transaction write at a time: there is nothing
to deadlock, so the test is PostgreSQL's (CI's database)."""
import random
import threading
import time
from datetime import timedelta

import pytest
from django.db import connection, connections, transaction

from notifications.benchmark_council import build
from pledges.group_counts import group_counts_repair
from pledges.models import LedgerEntry

from . import test_dashboard_summary as council_summary
from . import test_group_counts as group_summary

pytestmark = pytest.mark.django_db(transaction=True)


def _someone_waits_on_a_lock() -> bool:
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                       "AND wait_event_type = 'Lock'")
        return cursor.fetchone()[0] > 0


def test_two_writers_crossing_the_same_days_both_commit():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite lets one transaction write at a time: nothing can deadlock")
    built = build(8, 1, random.Random(5))
    measure = built["measures"]["statutory-visit"]
    rows = list(LedgerEntry.objects.filter(measure=measure, status=LedgerEntry.Status.OPEN).order_by("pk")[:4])
    assert len(rows) == 4
    day_one, day_two = rows[0].due_on + timedelta(days=400), rows[0].due_on + timedelta(days=401)
    # Two open rows due on each of two days (of different young people where the council has them).
    for row, day in zip(rows, (day_one, day_two, day_two, day_one)):
        LedgerEntry.objects.filter(pk=row.pk).update(due_on=day)
    first_wrote, second_wrote, outcomes = threading.Event(), threading.Event(), {}

    def meet(row):
        LedgerEntry.objects.filter(pk=row.pk).update(status=LedgerEntry.Status.MET, met_on=day_one)

    def first():
        try:
            with transaction.atomic():
                meet(rows[0])  # day one's counts
                first_wrote.set()
                # Until the second has written (the old way) or is queuing behind this transaction (the new way).
                deadline = time.monotonic() + 20
                while not second_wrote.is_set() and not _someone_waits_on_a_lock() and time.monotonic() < deadline:
                    time.sleep(0.05)
                meet(rows[2])  # then day two's
            outcomes["first"] = "committed"
        except Exception as error:  # reported below: a thread's exception would otherwise vanish
            outcomes["first"] = error
        finally:
            connections.close_all()

    def second():
        first_wrote.wait(timeout=20)
        try:
            with transaction.atomic():
                meet(rows[1])  # day two's counts
                second_wrote.set()
                meet(rows[3])  # then day one's
            outcomes["second"] = "committed"
        except Exception as error:
            outcomes["second"] = error
        finally:
            second_wrote.set()
            connections.close_all()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert outcomes == {"first": "committed", "second": "committed"}
    assert LedgerEntry.objects.filter(pk__in=[row.pk for row in rows], status=LedgerEntry.Status.MET).count() == 4
    assert council_summary.stored() == council_summary.recounted()
    assert group_summary.stored() == group_summary.recounted()
    assert group_counts_repair() == {"members": 0, "counts": 0}


def test_the_code_and_the_trigger_queue_on_the_same_lock():
    """lock_young_person and the repair join the queue the migration's trigger takes (a different number would be a
    second queue, and the deadlock again)."""
    import importlib

    from casework.people.services import WRITE_QUEUE_LOCK

    migration = importlib.import_module("pledges.migrations.0022_summary_writers_queue")
    assert WRITE_QUEUE_LOCK == migration.SUMMARY_LOCK
