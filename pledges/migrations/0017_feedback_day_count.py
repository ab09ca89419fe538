"""The dashboard's summary of young people's answers (pledges.feedback_counts): its table, the triggers that keep it,
and its first filling from the answers already there. As migration 0014 does for the ledger's summary."""

from django.conf import settings
from django.db import migrations, models

ANSWERS, COUNT, PEOPLE = "pledges_promisefeedback", "pledges_feedbackdaycount", "casework_youngperson"
COLUMNS = ("yes", "not_really", "no")
# One answer's part in each count, for a row called {r}.
PARTS = tuple(f"CASE WHEN {{r}}.answer = '{answer}' THEN 1 ELSE 0 END" for answer in COLUMNS)
KEY = "promise_id, council_id, given_on"
ADD = ", ".join(f"{column} = {COUNT}.{column} + excluded.{column}" for column in COLUMNS)


def day(vendor: str, r: str) -> str:
    """The day an answer was given in the council's time zone, as Django's given_at__date means. PostgreSQL stores a
    moment; SQLite stores UTC text, and its 'localtime' is the process's TZ, which Django sets to TIME_ZONE."""
    if vendor == "sqlite":
        return f"date({r}.given_at, 'localtime')"
    return f"(({r}.given_at AT TIME ZONE '{settings.TIME_ZONE}')::date)"


# The council of the young person who answered (y): the summary counts each council's own young people. Django deletes
# a young person's answers before the young person; an answer whose young person has already gone (a test database
# being emptied table by table) has no council to count under and changes no count.
PERSON = f"JOIN {PEOPLE} y ON y.id = r.young_person_id"


def _sqlite_trigger(name, event, rows):
    """SQLite: a row trigger per event; `rows` is [(row name, sign)]. (An upsert from a SELECT needs its WHERE.)"""
    statements = "".join(
        f"INSERT INTO {COUNT} ({KEY}, {', '.join(COLUMNS)}) SELECT {r}.promise_id, y.council_id, {day('sqlite', r)}, "
        + ", ".join(f"{sign}({part.format(r=r)})" for part in PARTS)
        + f" FROM {PEOPLE} y WHERE y.id = {r}.young_person_id ON CONFLICT ({KEY}) DO UPDATE SET {ADD};\n"
        for r, sign in rows)
    return f"CREATE TRIGGER {name} AFTER {event} ON {ANSWERS} FOR EACH ROW BEGIN\n{statements}END;"


def _pg_changes(rows):
    """PostgreSQL: one set-based upsert of a statement's rows (transition tables), `rows` [(table, sign)]."""
    union = " UNION ALL ".join(
        f"SELECT r.promise_id, y.council_id, {day('postgresql', 'r')} AS given_on, "
        + ", ".join(f"{sign}({part.format(r='r')}) AS c{n}" for n, part in enumerate(PARTS))
        + f" FROM {table} r {PERSON}"
        for table, sign in rows)
    return (f"INSERT INTO {COUNT} ({KEY}, {', '.join(COLUMNS)}) "
            f"SELECT {KEY}, SUM(c0), SUM(c1), SUM(c2) FROM ({union}) AS changed "
            # A reply or retention's anonymising changes no count: nothing to write.
            f"GROUP BY {KEY} HAVING SUM(c0) <> 0 OR SUM(c1) <> 0 OR SUM(c2) <> 0 "
            # In key order, so two transactions touching the same days wait for each other rather than deadlock.
            f"ORDER BY {KEY} ON CONFLICT ({KEY}) DO UPDATE SET {ADD};")


def pg_function():
    return f"""
CREATE FUNCTION pledges_feedback_day_count() RETURNS trigger LANGUAGE plpgsql AS $$
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
CREATE TRIGGER pledges_feedback_day_count_insert AFTER INSERT ON {ANSWERS} REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION pledges_feedback_day_count();
CREATE TRIGGER pledges_feedback_day_count_delete AFTER DELETE ON {ANSWERS} REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION pledges_feedback_day_count();
CREATE TRIGGER pledges_feedback_day_count_update AFTER UPDATE ON {ANSWERS}
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION pledges_feedback_day_count();
"""


PG_DROP = f"""
DROP TRIGGER IF EXISTS pledges_feedback_day_count_insert ON {ANSWERS};
DROP TRIGGER IF EXISTS pledges_feedback_day_count_delete ON {ANSWERS};
DROP TRIGGER IF EXISTS pledges_feedback_day_count_update ON {ANSWERS};
DROP FUNCTION IF EXISTS pledges_feedback_day_count();
"""


def sqlite_triggers():
    return [
        _sqlite_trigger("pledges_feedback_day_count_insert", "INSERT", [("NEW", "")]),
        _sqlite_trigger("pledges_feedback_day_count_delete", "DELETE", [("OLD", "-")]),
        # Only the columns counted: a reply, or retention emptying the words, changes no figure.
        _sqlite_trigger("pledges_feedback_day_count_update", "UPDATE OF answer, given_at, promise_id, young_person_id",
                        [("OLD", "-"), ("NEW", "")]),
    ]


SQLITE_DROP = [f"DROP TRIGGER IF EXISTS pledges_feedback_day_count_{event}" for event in ("insert", "delete", "update")]


def add_triggers(apps, schema_editor):
    for statement in (sqlite_triggers() if schema_editor.connection.vendor == "sqlite" else [pg_function()]):
        schema_editor.execute(statement, params=None)


def drop_triggers(apps, schema_editor):
    for statement in (SQLITE_DROP if schema_editor.connection.vendor == "sqlite" else [PG_DROP]):
        schema_editor.execute(statement, params=None)


def fill_counts(apps, schema_editor):
    """Count the answers already there (after the triggers exist: creating them locks the table against writes until
    this migration commits, so no answer is missed or counted twice)."""
    given_on = day(schema_editor.connection.vendor, "r")
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {COUNT}")
        cursor.execute(f"INSERT INTO {COUNT} ({KEY}, {', '.join(COLUMNS)}) "
                       f"SELECT r.promise_id, y.council_id, {given_on}, "
                       + ", ".join(f"SUM({part.format(r='r')})" for part in PARTS)
                       + f" FROM {ANSWERS} r {PERSON} "
                         f"GROUP BY r.promise_id, y.council_id, {given_on}")


class Migration(migrations.Migration):

    dependencies = [
        ('pledges', '0016_ledger_day_count_open_days'),
    ]

    operations = [
        migrations.CreateModel(
            name='FeedbackDayCount',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('promise', models.ForeignKey(db_constraint=False, db_index=False,
                                              on_delete=models.deletion.DO_NOTHING, related_name='+',
                                              to='pledges.promise')),
                ('council_id', models.BigIntegerField()),
                ('given_on', models.DateField()),
                ('yes', models.IntegerField(default=0)),
                ('not_really', models.IntegerField(default=0)),
                ('no', models.IntegerField(default=0)),
            ],
            options={
                'constraints': [models.UniqueConstraint(fields=('promise', 'council_id', 'given_on'),
                                                       name='feedback_day_count_unique')],
            },
        ),
        migrations.RunPython(add_triggers, drop_triggers),
        migrations.RunPython(fill_counts, migrations.RunPython.noop),
    ]
