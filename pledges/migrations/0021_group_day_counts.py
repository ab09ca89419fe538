"""The dashboard's summary for each team and worker (pledges.group_counts): its two tables, the triggers that keep
them, and their first filling. The trigger SQL is written out here, as migrations 0014 and 0017 do, so that a later
change to the app cannot change what an old migration did."""

from django.db import migrations, models

ENTRY, MEMBER, COUNT = "pledges_ledgerentry", "pledges_groupmember", "pledges_groupdaycount"
ALLOCATION, WORKER = "casework_allocation", "casework_worker"
# One ledger row's part in each count, for a row called {r}: met, kept on time, kept late, open (as migration 0014).
PARTS = ("CASE WHEN {r}.status = 'met' THEN 1 ELSE 0 END",
         "CASE WHEN {r}.status = 'met' AND {r}.met_on <= {r}.due_on THEN 1 ELSE 0 END",
         "CASE WHEN {r}.status = 'met' AND {r}.met_on > {r}.due_on THEN 1 ELSE 0 END",
         "CASE WHEN {r}.status = 'open' THEN 1 ELSE 0 END")
KEY = "kind, group_id, measure_id, due_on"
ADD = ", ".join(f"{c} = {COUNT}.{c} + excluded.{c}" for c in ("met", "kept", "late", "open"))


def members_now(people: str) -> str:
    """The (young person, kind, group) rows the young people in `people` (SQL giving young person ids) should have:
    each worker with an open allocation for them, and each such worker's team (a young person counts once each)."""
    return (f"SELECT a.young_person_id, 'worker' AS kind, a.worker_id AS group_id FROM {ALLOCATION} a "
            f"WHERE a.ended_on IS NULL AND a.young_person_id IN ({people}) "
            f"UNION SELECT a.young_person_id, 'team', w.team_id FROM {ALLOCATION} a JOIN {WORKER} w ON w.id = a.worker_id "
            f"WHERE a.ended_on IS NULL AND w.team_id IS NOT NULL AND a.young_person_id IN ({people})")


def sync_members(people: str) -> str:
    """Make the GroupMember rows of the young people in `people` what their open allocations say: remove what no
    longer holds, add what is new (the member triggers below move the counts)."""
    return (f"DELETE FROM {MEMBER} WHERE young_person_id IN ({people}) AND NOT EXISTS (SELECT 1 FROM "
            f"({members_now(people)}) AS d WHERE d.young_person_id = {MEMBER}.young_person_id "
            f"AND d.kind = {MEMBER}.kind AND d.group_id = {MEMBER}.group_id);\n"
            # WHERE true: SQLite needs a WHERE before ON CONFLICT in an INSERT ... SELECT.
            f"INSERT INTO {MEMBER} (young_person_id, kind, group_id) SELECT * FROM ({members_now(people)}) AS d "
            f"WHERE true ON CONFLICT (young_person_id, kind, group_id) DO NOTHING;\n")


def _pg_changes(changes: list[tuple[str, str, str]]) -> str:
    """PostgreSQL: one set-based upsert into the counts. Each change is (ledger rows, member rows, sign): the ledger
    rows joined to their young people's groups, added (sign '') or taken away (sign '-'). As migration 0014: an update
    that changes no count (the sweep's stamps) writes nothing, and counts are written in key order, so two
    transactions touching the same counts wait for each other rather than deadlock."""
    union = " UNION ALL ".join(
        "SELECT m.kind, m.group_id, e.measure_id, e.due_on, "
        + ", ".join(f"{sign}({part.format(r='e')}) AS c{n}" for n, part in enumerate(PARTS))
        + f" FROM {entries} e JOIN {members} m ON m.young_person_id = e.young_person_id"
        for entries, members, sign in changes)
    return (f"INSERT INTO {COUNT} ({KEY}, met, kept, late, open) "
            f"SELECT {KEY}, SUM(c0), SUM(c1), SUM(c2), SUM(c3) FROM ({union}) AS changed GROUP BY {KEY} "
            f"HAVING SUM(c0) <> 0 OR SUM(c3) <> 0 OR SUM(c1) <> 0 OR SUM(c2) <> 0 "
            f"ORDER BY {KEY} ON CONFLICT ({KEY}) DO UPDATE SET {ADD};\n")


# --- PostgreSQL: statement triggers with transition tables (one set-based statement per write) ---

def _pg_function(name: str, body_by_op: dict[str, str]) -> str:
    branches = "".join(f"{'IF' if n == 0 else 'ELSIF'} TG_OP = '{op}' THEN\n{body}\n"
                       for n, (op, body) in enumerate(body_by_op.items()))
    return f"CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN\n{branches}END IF;\nRETURN NULL;\nEND $$;\n"


def _pg_triggers(table: str, function: str) -> str:
    return (f"CREATE TRIGGER {function}_insert AFTER INSERT ON {table} REFERENCING NEW TABLE AS new_rows "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {function}();\n"
            f"CREATE TRIGGER {function}_delete AFTER DELETE ON {table} REFERENCING OLD TABLE AS old_rows "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {function}();\n"
            f"CREATE TRIGGER {function}_update AFTER UPDATE ON {table} REFERENCING OLD TABLE AS old_rows "
            f"NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION {function}();\n")


def _pg_entries(*changes: tuple[str, str]) -> str:
    """Ledger rows written: (transition table, sign) joined to the members as they are."""
    return _pg_changes([(rows, MEMBER, sign) for rows, sign in changes])


def _pg_members(*changes: tuple[str, str]) -> str:
    """Members added or removed: (transition table, sign) joined to their young people's ledger rows."""
    return _pg_changes([(ENTRY, rows, sign) for rows, sign in changes])


ALLOCATION_PEOPLE = {"INSERT": "SELECT young_person_id FROM new_rows", "DELETE": "SELECT young_person_id FROM old_rows",
                     "UPDATE": "SELECT young_person_id FROM new_rows UNION SELECT young_person_id FROM old_rows"}
# A worker's open allocations' young people, where the worker changed team (other changes to a worker move nothing).
WORKER_PEOPLE = (f"SELECT a.young_person_id FROM {ALLOCATION} a JOIN new_rows n ON n.id = a.worker_id "
                 f"JOIN old_rows o ON o.id = n.id WHERE a.ended_on IS NULL AND n.team_id IS DISTINCT FROM o.team_id")

PG_CREATE = [
    _pg_function("pledges_group_count_entries", {
        "INSERT": _pg_entries(("new_rows", "")), "DELETE": _pg_entries(("old_rows", "-")),
        "UPDATE": _pg_entries(("old_rows", "-"), ("new_rows", ""))}) + _pg_triggers(ENTRY, "pledges_group_count_entries"),
    _pg_function("pledges_group_count_members", {
        "INSERT": _pg_members(("new_rows", "")), "DELETE": _pg_members(("old_rows", "-")),
        "UPDATE": _pg_members(("old_rows", "-"), ("new_rows", ""))}) + _pg_triggers(MEMBER, "pledges_group_count_members"),
    _pg_function("pledges_group_members_allocations", {op: sync_members(people) for op, people in ALLOCATION_PEOPLE.items()})
    + _pg_triggers(ALLOCATION, "pledges_group_members_allocations"),
    _pg_function("pledges_group_members_workers", {"UPDATE": sync_members(WORKER_PEOPLE)})
    + f"CREATE TRIGGER pledges_group_members_workers_update AFTER UPDATE ON {WORKER} REFERENCING OLD TABLE AS old_rows "
      f"NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION pledges_group_members_workers();\n",
]
PG_FUNCTIONS = {"pledges_group_count_entries": ENTRY, "pledges_group_count_members": MEMBER,
                "pledges_group_members_allocations": ALLOCATION}
PG_DROP = ["".join(f"DROP TRIGGER IF EXISTS {function}_{op} ON {table};\n" for op in ("insert", "delete", "update"))
           + f"DROP FUNCTION IF EXISTS {function}();" for function, table in PG_FUNCTIONS.items()] + [
    f"DROP TRIGGER IF EXISTS pledges_group_members_workers_update ON {WORKER};\n"
    "DROP FUNCTION IF EXISTS pledges_group_members_workers();"]


# --- SQLite: row triggers (the same statements, for one row) ---

def _sqlite_trigger(name: str, event: str, table: str, statements: str) -> str:
    return f"CREATE TRIGGER {name} AFTER {event} ON {table} FOR EACH ROW BEGIN\n{statements}END;"


def _sqlite_entry(row: str, sign: str) -> str:
    """One ledger row ({row} NEW or OLD) into the counts of its young person's groups."""
    return (f"INSERT INTO {COUNT} ({KEY}, met, kept, late, open) SELECT m.kind, m.group_id, {row}.measure_id, "
            f"{row}.due_on, " + ", ".join(f"{sign}({part.format(r=row)})" for part in PARTS)
            + f" FROM {MEMBER} m WHERE m.young_person_id = {row}.young_person_id ON CONFLICT ({KEY}) DO UPDATE SET {ADD};\n")


def _sqlite_member(row: str, sign: str) -> str:
    """One member row ({row}): its young person's ledger rows into (or out of) its group's counts."""
    return (f"INSERT INTO {COUNT} ({KEY}, met, kept, late, open) SELECT {row}.kind, {row}.group_id, e.measure_id, "
            f"e.due_on, " + ", ".join(f"{sign}SUM({part.format(r='e')})" for part in PARTS)
            + f" FROM {ENTRY} e WHERE e.young_person_id = {row}.young_person_id GROUP BY e.measure_id, e.due_on "
            f"ON CONFLICT ({KEY}) DO UPDATE SET {ADD};\n")


SQLITE_TRIGGERS = {
    "pledges_group_count_entries_insert": ("INSERT", ENTRY, _sqlite_entry("NEW", "")),
    "pledges_group_count_entries_delete": ("DELETE", ENTRY, _sqlite_entry("OLD", "-")),
    # Only the columns counted: the sweep's notification stamps change no figure.
    "pledges_group_count_entries_update": ("UPDATE OF status, met_on, due_on, measure_id, young_person_id", ENTRY,
                                           _sqlite_entry("OLD", "-") + _sqlite_entry("NEW", "")),
    "pledges_group_count_members_insert": ("INSERT", MEMBER, _sqlite_member("NEW", "")),
    "pledges_group_count_members_delete": ("DELETE", MEMBER, _sqlite_member("OLD", "-")),
    "pledges_group_count_members_update": ("UPDATE", MEMBER, _sqlite_member("OLD", "-") + _sqlite_member("NEW", "")),
    "pledges_group_members_allocations_insert": ("INSERT", ALLOCATION, sync_members("NEW.young_person_id")),
    "pledges_group_members_allocations_delete": ("DELETE", ALLOCATION, sync_members("OLD.young_person_id")),
    "pledges_group_members_allocations_update": ("UPDATE OF young_person_id, worker_id, ended_on", ALLOCATION,
                                                 sync_members("OLD.young_person_id") + sync_members("NEW.young_person_id")),
    "pledges_group_members_workers_update": (
        "UPDATE OF team_id", WORKER,
        sync_members(f"SELECT young_person_id FROM {ALLOCATION} WHERE worker_id = NEW.id AND ended_on IS NULL")),
}


def add_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        statements = [_sqlite_trigger(name, *parts) for name, parts in SQLITE_TRIGGERS.items()]
    else:
        # Half of each page free, as the council's summary (migration 0014): counts updated in place stay put.
        statements = [f"ALTER TABLE {COUNT} SET (fillfactor = 50);", *PG_CREATE]
    for statement in statements:
        schema_editor.execute(statement, params=None)


def drop_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        statements = [f"DROP TRIGGER IF EXISTS {name}" for name in SQLITE_TRIGGERS]
    else:
        statements = PG_DROP
    for statement in statements:
        schema_editor.execute(statement, params=None)


def fill(apps, schema_editor):
    """Every young person's groups as their open allocations say; the member triggers count their ledger rows (after
    the triggers exist: creating them locks the tables against writes until this migration commits)."""
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {MEMBER}")  # first: its triggers take counts away
        cursor.execute(f"DELETE FROM {COUNT}")
        cursor.execute(f"INSERT INTO {MEMBER} (young_person_id, kind, group_id) SELECT * FROM "
                       f"({members_now(f'SELECT young_person_id FROM {ALLOCATION}')}) AS m")


class Migration(migrations.Migration):

    dependencies = [
        ('casework', '0021_missing_return_interviews_staying_close_council_accommodation'),
        ('pledges', '0020_missing_staying_close_care_leaver_visit_measures'),
    ]

    operations = [
        migrations.CreateModel(
            name='GroupMember',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('young_person_id', models.BigIntegerField()),
                ('kind', models.CharField(choices=[('team', 'Team'), ('worker', 'Worker')], max_length=6)),
                ('group_id', models.BigIntegerField(help_text="The team's or the worker's id.")),
            ],
            options={
                'constraints': [models.UniqueConstraint(fields=('young_person_id', 'kind', 'group_id'), name='group_member_unique')],
            },
        ),
        migrations.CreateModel(
            name='GroupDayCount',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('team', 'Team'), ('worker', 'Worker')], max_length=6)),
                ('group_id', models.BigIntegerField()),
                ('measure_id', models.BigIntegerField()),
                ('due_on', models.DateField()),
                ('met', models.IntegerField(default=0, help_text='Rows met (kept on time or late).')),
                ('kept', models.IntegerField(default=0, help_text='Rows met on or before their due date.')),
                ('late', models.IntegerField(default=0, help_text='Rows met after their due date.')),
                ('open', models.IntegerField(default=0, help_text='Rows still open.')),
            ],
            options={
                'indexes': [models.Index(condition=models.Q(('open', 0), _negated=True), fields=['kind', 'group_id', 'measure_id', 'due_on'], name='group_day_count_open_idx')],
                'constraints': [models.UniqueConstraint(fields=('kind', 'group_id', 'measure_id', 'due_on'), name='group_day_count_unique')],
            },
        ),
        migrations.RunPython(add_triggers, drop_triggers),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
