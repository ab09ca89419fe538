"""The ledger's summaries stay small however often the ledger is rewritten.

The summaries' partial indexes of the days with open rows had `open <> 0` as their condition. PostgreSQL can write a
row's new version beside the old one in the same page, and later reuse the old one's room without a VACUUM (a
heap-only, "HOT", update), only when no indexed column changes, and a column in an index's condition counts. Every
change of a day's open count therefore put the new version on another page: a rebuild of 20,000 young people's ledger
left LedgerDayCount's 12,838 days in 38 MB, which the dashboard read whole (9 ms; 0.8 MB when written once).

The indexes now use `has_open`, a stored generated column that changes only when a day's first row is written open or
its last open row is met. Pages are filled to 70% so the next version of a row has room beside it. Adding the column
rewrites each table on PostgreSQL, which also packs what is there now (at 20,000 young people, about 1.4 million
team and worker days: a few seconds).

The answers' summary gains an index of each council's days: the dashboard read all of its years to count one.
"""

from django.db import migrations, models

SUMMARIES = ("pledges_ledgerdaycount", "pledges_groupdaycount", "pledges_feedbackdaycount")
WITH_OPEN_DAYS = ("pledges_ledgerdaycount", "pledges_groupdaycount")


def leave_room_for_updates(apps, schema_editor):
    """Fill a page to 70% (PostgreSQL only: SQLite has no such setting), before the rewrite below applies it."""
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in SUMMARIES:
        schema_editor.execute(f"ALTER TABLE {table} SET (fillfactor = 70)")


def fill_pages_completely(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in SUMMARIES:
        schema_editor.execute(f"ALTER TABLE {table} RESET (fillfactor)")


def add_has_open(apps, schema_editor):
    """The column as the model declares it, added in place. Django's SQLite schema editor would copy each table into a
    new one and rename it, which the ledger's triggers (migrations 0014 and 0021, writing to these tables) do not
    survive; SQLite adds a generated column in place only as VIRTUAL (computed when read), which reads the same."""
    stored = "STORED" if schema_editor.connection.vendor == "postgresql" else "VIRTUAL"
    for table in WITH_OPEN_DAYS:
        schema_editor.execute(
            f'ALTER TABLE {table} ADD COLUMN has_open boolean GENERATED ALWAYS AS (NOT ("open" = 0)) {stored}')


def drop_has_open(apps, schema_editor):
    for table in WITH_OPEN_DAYS:
        schema_editor.execute(f"ALTER TABLE {table} DROP COLUMN has_open")


class Migration(migrations.Migration):

    dependencies = [
        ('pledges', '0022_summary_writers_queue'),
    ]

    operations = [
        migrations.RunPython(leave_room_for_updates, fill_pages_completely),
        migrations.RemoveIndex(
            model_name='groupdaycount',
            name='group_day_count_open_idx',
        ),
        migrations.RemoveIndex(
            model_name='ledgerdaycount',
            name='ledger_day_count_open_idx',
        ),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AddField(
                    model_name='groupdaycount',
                    name='has_open',
                    field=models.GeneratedField(db_persist=True, expression=models.Q(('open', 0), _negated=True), output_field=models.BooleanField()),
                ),
                migrations.AddField(
                    model_name='ledgerdaycount',
                    name='has_open',
                    field=models.GeneratedField(db_persist=True, expression=models.Q(('open', 0), _negated=True), output_field=models.BooleanField()),
                ),
            ],
            database_operations=[migrations.RunPython(add_has_open, drop_has_open)],
        ),
        migrations.AddIndex(
            model_name='groupdaycount',
            index=models.Index(condition=models.Q(('has_open', True)), fields=['kind', 'group_id', 'measure_id', 'due_on'], name='group_day_count_open_idx'),
        ),
        migrations.AddIndex(
            model_name='feedbackdaycount',
            index=models.Index(fields=['council_id', 'given_on'], name='feedback_day_count_days_idx'),
        ),
        migrations.AddIndex(
            model_name='ledgerdaycount',
            index=models.Index(condition=models.Q(('has_open', True)), fields=['measure_id', 'due_on'], name='ledger_day_count_open_idx'),
        ),
    ]
