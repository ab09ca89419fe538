"""Writers of the dashboard's summaries queue for them instead of deadlocking (PostgreSQL).

Every write to the ledger, the allocations, the workers or young people's answers adds to shared count rows (the
triggers of migrations 0014, 0017 and 0021). Each statement locks its count rows in key order, but a transaction of
several statements (a rebuild's batch: delete, update, insert; a visit recorded: one row met, the next one due) takes
them in several rounds, and two such transactions could each hold a row the other wanted next: PostgreSQL then
aborted one ("deadlock detected"), a 500 for the person recording a visit while the council's ledger was rebuilt
(seen: 8 of 195 such writes, and the rebuild itself once, in a 15-second run of loadtest-like writers beside a
rebuild). Here a trigger BEFORE each such statement takes one transaction-level advisory lock (SUMMARY_LOCK below,
casework.people.services.WRITE_QUEUE_LOCK: lock_young_person and the summary's repair take it too): the first write of a transaction waits until the previous writer commits, and
holds the lock until its own commit, so two writers never hold count rows at once. Writes are short (a batch of 500
young people is under a second), so a person recording a visit during a rebuild waits that long, not forever. (An
import of the council's 903 files is one transaction: others wait for it, as they waited for its count rows before.)

SQLite lets one transaction write at a time anyway: nothing to add there.
"""
from django.db import migrations

# Any number no other code uses as an advisory lock key (pg_advisory_xact_lock(bigint)).
SUMMARY_LOCK = 7150160016
TABLES = ("pledges_ledgerentry", "casework_allocation", "casework_worker", "pledges_promisefeedback")

CREATE = f"""
CREATE FUNCTION pledges_summary_writers_queue() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_advisory_xact_lock({SUMMARY_LOCK});
    RETURN NULL;
END $$;
""" + "".join(f"CREATE TRIGGER pledges_summary_writers_queue BEFORE INSERT OR UPDATE OR DELETE ON {table} "
              "FOR EACH STATEMENT EXECUTE FUNCTION pledges_summary_writers_queue();\n" for table in TABLES)
DROP = "".join(f"DROP TRIGGER IF EXISTS pledges_summary_writers_queue ON {table};\n" for table in TABLES) \
    + "DROP FUNCTION IF EXISTS pledges_summary_writers_queue();"


def add_queue(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)


def drop_queue(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):

    dependencies = [
        ('pledges', '0021_group_day_counts'),
    ]

    operations = [
        migrations.RunPython(add_queue, drop_queue),
    ]
