"""The dashboard's summary of the ledger (pledges.ledger_counts): its table, the triggers that keep it, and its
first filling from the rows already there."""

from django.db import migrations, models


ENTRY, COUNT = "pledges_ledgerentry", "pledges_ledgerdaycount"
# One row's part in each count, for a row called {r}: met, kept on time, kept late, open (state_on()'s rules).
PARTS = ("CASE WHEN {r}.status = 'met' THEN 1 ELSE 0 END",
         "CASE WHEN {r}.status = 'met' AND {r}.met_on <= {r}.due_on THEN 1 ELSE 0 END",
         "CASE WHEN {r}.status = 'met' AND {r}.met_on > {r}.due_on THEN 1 ELSE 0 END",
         "CASE WHEN {r}.status = 'open' THEN 1 ELSE 0 END")
ADD = "met = {t}.met + excluded.met, kept = {t}.kept + excluded.kept, late = {t}.late + excluded.late, " \
      "open = {t}.open + excluded.open".format(t=COUNT)


def _sqlite_trigger(name, event, rows):
    """SQLite: a row trigger per event; `rows` is [(row name, sign)]."""
    statements = "".join(
        f"INSERT INTO {COUNT} (measure_id, due_on, met, kept, late, open) VALUES ({r}.measure_id, {r}.due_on, "
        + ", ".join(f"{sign}({part.format(r=r)})" for part in PARTS)
        + f") ON CONFLICT (measure_id, due_on) DO UPDATE SET {ADD};\n"
        for r, sign in rows)
    return f"CREATE TRIGGER {name} AFTER {event} ON {ENTRY} FOR EACH ROW BEGIN\n{statements}END;"


def _pg_changes(rows):
    """PostgreSQL: one set-based upsert of a statement's rows (transition tables), `rows` [(table, sign)]."""
    union = " UNION ALL ".join(
        f"SELECT r.measure_id, r.due_on, " + ", ".join(f"{sign}({part.format(r='r')}) AS c{n}"
                                                     for n, part in enumerate(PARTS))
        + f" FROM {table} r" for table, sign in rows)
    return (f"INSERT INTO {COUNT} (measure_id, due_on, met, kept, late, open) "
            f"SELECT measure_id, due_on, SUM(c0), SUM(c1), SUM(c2), SUM(c3) FROM ({union}) AS changed "
            f"GROUP BY measure_id, due_on HAVING SUM(c0) <> 0 OR SUM(c3) <> 0 OR SUM(c1) <> 0 OR SUM(c2) <> 0 "
            # In key order, so two transactions touching the same days wait for each other rather than deadlock.
            f"ORDER BY measure_id, due_on ON CONFLICT (measure_id, due_on) DO UPDATE SET {ADD};")


PG_FUNCTION = f"""
CREATE FUNCTION pledges_ledger_day_count() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        {_pg_changes([("new_rows", "")])}
    ELSIF TG_OP = 'DELETE' THEN
        {_pg_changes([("old_rows", "-")])}
    ELSE
        {_pg_changes([("old_rows", "-"), ("new_rows", "")])}
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER pledges_ledger_day_count_insert AFTER INSERT ON {ENTRY} REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION pledges_ledger_day_count();
CREATE TRIGGER pledges_ledger_day_count_delete AFTER DELETE ON {ENTRY} REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION pledges_ledger_day_count();
CREATE TRIGGER pledges_ledger_day_count_update AFTER UPDATE ON {ENTRY}
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION pledges_ledger_day_count();
"""
PG_DROP = f"""
DROP TRIGGER IF EXISTS pledges_ledger_day_count_insert ON {ENTRY};
DROP TRIGGER IF EXISTS pledges_ledger_day_count_delete ON {ENTRY};
DROP TRIGGER IF EXISTS pledges_ledger_day_count_update ON {ENTRY};
DROP FUNCTION IF EXISTS pledges_ledger_day_count();
"""
SQLITE_TRIGGERS = [
    _sqlite_trigger("pledges_ledger_day_count_insert", "INSERT", [("NEW", "")]),
    _sqlite_trigger("pledges_ledger_day_count_delete", "DELETE", [("OLD", "-")]),
    # Only the columns counted: the sweep's notification stamps change no figure.
    _sqlite_trigger("pledges_ledger_day_count_update", "UPDATE OF status, met_on, due_on, measure_id",
                    [("OLD", "-"), ("NEW", "")]),
]
SQLITE_DROP = [f"DROP TRIGGER IF EXISTS pledges_ledger_day_count_{event}" for event in ("insert", "delete", "update")]


# Every write to the ledger updates a few of these rows in place; with half of each page free PostgreSQL keeps the new
# versions on the same page (no indexed column changes) and prunes the old ones as it goes, so a council-wide
# recompute (one update of most days per batch of 500 young people) does not leave the table many times its size.
PG_FILLFACTOR = f"ALTER TABLE {COUNT} SET (fillfactor = 50);"


def add_triggers(apps, schema_editor):
    for statement in (SQLITE_TRIGGERS if schema_editor.connection.vendor == "sqlite" else [PG_FILLFACTOR, PG_FUNCTION]):
        schema_editor.execute(statement, params=None)


def drop_triggers(apps, schema_editor):
    for statement in (SQLITE_DROP if schema_editor.connection.vendor == "sqlite" else [PG_DROP]):
        schema_editor.execute(statement, params=None)


def fill_counts(apps, schema_editor):
    """Count the rows already there (after the triggers exist: creating them locks the table against writes until
    this migration commits, so no row is missed or counted twice)."""
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {COUNT}")
        cursor.execute(f"INSERT INTO {COUNT} (measure_id, due_on, met, kept, late, open) "
                       f"SELECT measure_id, due_on, " + ", ".join(f"SUM({part.format(r=ENTRY)})" for part in PARTS)
                       + f" FROM {ENTRY} GROUP BY measure_id, due_on")


class Migration(migrations.Migration):

    dependencies = [
        ('pledges', '0013_ledger_run_reason_upgrade'),
    ]

    operations = [
        migrations.CreateModel(
            name='LedgerDayCount',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('measure_id', models.BigIntegerField()),
                ('due_on', models.DateField()),
                ('met', models.IntegerField(default=0, help_text='Rows met (kept on time or late).')),
                ('kept', models.IntegerField(default=0, help_text='Rows met on or before their due date.')),
                ('late', models.IntegerField(default=0, help_text='Rows met after their due date.')),
                ('open', models.IntegerField(default=0, help_text='Rows still open.')),
            ],
            options={
                'constraints': [models.UniqueConstraint(fields=('measure_id', 'due_on'), name='ledger_day_count_unique')],
            },
        ),
        migrations.RunPython(add_triggers, drop_triggers),
        migrations.RunPython(fill_counts, migrations.RunPython.noop),
    ]
