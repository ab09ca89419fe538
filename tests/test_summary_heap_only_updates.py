"""The ledger's summaries (pledges.ledger_counts, pledges.group_counts, pledges.feedback_counts) stay small however
often the triggers rewrite their rows: on PostgreSQL each change of a count is a heap-only ("HOT") update, whose old
version the next visitor to the page clears without a VACUUM (pledges migration 0023 says why). It is one only when no
indexed column changes, a column in an index's condition included, and the page has room for the new version.

A summary written in one long transaction (a council's first import) is left with far more pages than its rows need;
the nightly repair rewrites it (pledges.summary_storage).

On SQLite there is no such thing: these tests are about PostgreSQL's storage."""
from datetime import date

import pytest
from django.db import connection, transaction
from django.db.models import F

from pledges.group_counts import GroupDayCount
from pledges.ledger_counts import LedgerDayCount
from pledges.summary_storage import SUMMARIES, summaries_repack

from .factories import AllocationFactory, CouncilFactory, MeasureFactory, WorkerFactory, YoungPersonFactory
from .test_dashboard import row

pytestmark = pytest.mark.django_db

COUNTS = {"met", "kept", "late", "open", "yes", "not_really", "no"}  # what the triggers change


@pytest.fixture
def postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("heap-only updates and fillfactor are PostgreSQL's")


def _query(sql, params=()):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


@pytest.mark.parametrize("model", SUMMARIES, ids=lambda model: model.__name__)
def test_no_index_of_a_summary_holds_a_count_and_its_pages_leave_room(postgresql, model):
    table = model._meta.db_table
    for name, definition in _query("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s", [table]):
        # Columns and condition both: "ON t USING btree (measure_id, due_on) WHERE has_open".
        columns = definition.split(" USING ")[1]
        words = set(columns.replace("(", " ").replace(")", " ").replace(",", " ").replace('"', " ").split())
        assert not words & COUNTS, (name, definition)
    [(options,)] = _query("SELECT reloptions FROM pg_class WHERE relname = %s", [table])
    assert "fillfactor=70" in (options or []), options


def test_a_ledger_write_changes_the_summaries_by_heap_only_updates(postgresql):
    council = CouncilFactory()
    measure = MeasureFactory(council=council)
    worker = WorkerFactory(council=council)
    first, second = YoungPersonFactory(council=council), YoungPersonFactory(council=council)
    for young_person in (first, second):
        AllocationFactory(young_person=young_person, worker=worker)  # both count under the worker and their team
    due = date(2026, 12, 4)
    row(measure, first, due)  # the day's counts are written: one row open
    tables = [model._meta.db_table for model in (LedgerDayCount, GroupDayCount)]

    def updates():
        return {table: _query("SELECT pg_stat_get_xact_tuples_updated(%s::regclass), "
                              "pg_stat_get_xact_tuples_hot_updated(%s::regclass)", [table, table])[0]
                for table in tables}

    before = updates()
    row(measure, second, due)  # two open: every count of the day changes, and none of its indexed columns
    after = updates()
    for table in tables:
        updated, hot = (now - then for now, then in zip(after[table], before[table]))
        assert updated >= 1 and hot == updated, (table, updated, hot)


@pytest.mark.django_db(transaction=True)
def test_a_summary_left_with_far_more_pages_than_its_rows_need_is_rewritten(postgresql):
    with connection.cursor() as cursor:  # what tests before this one left behind (their transactions rolled back)
        for model in SUMMARIES:
            cursor.execute(f"VACUUM FULL {model._meta.db_table}")
    council = CouncilFactory()
    measure = MeasureFactory(council=council)
    for day in range(1, 29):
        row(measure, YoungPersonFactory(council=council), date(2026, 2, day))
    assert summaries_repack() == []  # committed a row at a time: nothing to rewrite
    table, days = LedgerDayCount._meta.db_table, sorted(LedgerDayCount.objects.values_list("measure_id", "due_on", "open"))
    # One long transaction rewriting every day many times, as a council's first import does: every version stays.
    with transaction.atomic():
        for _ in range(150):
            LedgerDayCount.objects.update(met=F("met"))
    with connection.cursor() as cursor:
        cursor.execute(f"VACUUM {table}")  # what autovacuum does next: the pages are emptied, not given back
    [(bloated,)] = _query("SELECT pg_relation_size(%s)", [table])
    assert summaries_repack() == [table]
    [(now,)] = _query("SELECT pg_relation_size(%s)", [table])
    assert now * 10 < bloated
    assert sorted(LedgerDayCount.objects.values_list("measure_id", "due_on", "open")) == days
    assert summaries_repack() == []
