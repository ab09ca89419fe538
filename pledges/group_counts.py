"""The dashboard's summary of the ledger for each team and each worker: what pledges.ledger_counts.LedgerDayCount is
for the whole council, so a dashboard filtered by one team or one worker costs the same at 2,000 young people or
20,000 (pledges.dashboard_summary reads it).

Whose rows are a team's? The dashboard's filters say (pledges.dashboard_filters.DashboardFilterForm.young_person_q):
a young person counts under every worker who holds an open allocation for them (social worker, personal adviser or
IRO) and under each of those workers' teams, once each. GroupMember holds that list and GroupDayCount the counts, per
team or worker, measure and due date.

The database keeps both up to date itself (migration 0021), in the same transaction as the change:
- an allocation opened, ended, moved or deleted, or a worker moving team, rewrites the young person's GroupMember rows;
- a GroupMember row added (or removed) adds (or takes away) that young person's ledger rows to the group's counts;
- a ledger row written adds its change to the counts of every group its young person is a member of.

Two transactions, one changing a young person's allocation and one rewriting their ledger, would each see the
other's rows as they were and could count the moved rows under the old worker. The write queue (pledges migration
0022) closes that: the second waits for the first to commit, and its triggers then read what the first wrote. What
triggers cannot see is a write around them (rows restored or edited by hand, a TRUNCATE). `group_counts_repair`
(nightly, and `manage.py repair_group_counts`) counts everything again from the allocations and the ledger, writes
any difference and says how many it found, so such a slip lives a day at most and is never silent.
"""
import logging

from django.db import connection, models, transaction

from casework.people.services import write_queue_join

from .ledger_counts import DayCounts

log = logging.getLogger(__name__)


class GroupKind(models.TextChoices):
    TEAM = "team", "Team"
    WORKER = "worker", "Worker"


class GroupMember(models.Model):
    """A young person counts under this team or worker on the dashboard: written only by the database's triggers."""
    # Plain columns, not foreign keys: the triggers write here while Django deletes young people and allocations.
    young_person_id = models.BigIntegerField()
    kind = models.CharField(max_length=6, choices=GroupKind.choices)
    group_id = models.BigIntegerField(help_text="The team's or the worker's id.")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["young_person_id", "kind", "group_id"],
                                               name="group_member_unique")]

    def __str__(self):
        return f"young person {self.young_person_id} counts under {self.kind} {self.group_id}"


class GroupDayCount(DayCounts):
    """As LedgerDayCount, for one team or worker: the ledger rows of its members, by measure and due date."""
    kind = models.CharField(max_length=6, choices=GroupKind.choices)
    group_id = models.BigIntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "group_id", "measure_id", "due_on"],
                                               name="group_day_count_unique")]
        # The days with open rows (overdue now, due before the period), as ledger_day_count_open_idx.
        indexes = [models.Index(fields=["kind", "group_id", "measure_id", "due_on"], condition=models.Q(has_open=True),
                                name="group_day_count_open_idx")]

    def __str__(self):
        return f"{self.kind} {self.group_id}, measure {self.measure_id} due {self.due_on}: {self.met} met, {self.open} open"


# --- Counting everything again (the nightly check) ---

MEMBERS_NOW = """
    SELECT a.young_person_id, 'worker' AS kind, a.worker_id AS group_id
      FROM casework_allocation a WHERE a.ended_on IS NULL
    UNION
    SELECT a.young_person_id, 'team', w.team_id
      FROM casework_allocation a JOIN casework_worker w ON w.id = a.worker_id
     WHERE a.ended_on IS NULL AND w.team_id IS NOT NULL
"""
COUNTS_NOW = """
    SELECT m.kind, m.group_id, e.measure_id, e.due_on,
           SUM(CASE WHEN e.status = 'met' THEN 1 ELSE 0 END) AS met,
           SUM(CASE WHEN e.status = 'met' AND e.met_on <= e.due_on THEN 1 ELSE 0 END) AS kept,
           SUM(CASE WHEN e.status = 'met' AND e.met_on > e.due_on THEN 1 ELSE 0 END) AS late,
           SUM(CASE WHEN e.status = 'open' THEN 1 ELSE 0 END) AS open
      FROM pledges_groupmember m JOIN pledges_ledgerentry e ON e.young_person_id = m.young_person_id
     GROUP BY m.kind, m.group_id, e.measure_id, e.due_on
"""
MEMBER, COUNT = GroupMember._meta.db_table, GroupDayCount._meta.db_table
COUNT_COLUMNS = "kind, group_id, measure_id, due_on, met, kept, late, open"


def _differences(cursor, *, stored: str, now: str, columns: str) -> int:
    """How many rows are in one of the two sets and not the other (zero counts are as good as no row). One statement,
    so one snapshot: what other transactions commit meanwhile is never half-seen."""
    # SELECT * FROM (...) on each side: SQLite allows no parentheses around a compound's parts.
    now_rows, stored_rows = f"SELECT * FROM ({now}) AS n", f"SELECT {columns} FROM {stored}"
    if stored == COUNT:
        stored_rows += " WHERE met <> 0 OR open <> 0"
    cursor.execute(f"SELECT (SELECT COUNT(*) FROM ({now_rows} EXCEPT {stored_rows}) AS missing) "
                   f"+ (SELECT COUNT(*) FROM ({stored_rows} EXCEPT {now_rows}) AS extra)")
    return cursor.fetchone()[0]


def _wrong(cursor) -> dict[str, int]:
    return {"members": _differences(cursor, stored=MEMBER, now=MEMBERS_NOW, columns="young_person_id, kind, group_id"),
            "counts": _differences(cursor, stored=COUNT, now=COUNTS_NOW, columns=COUNT_COLUMNS)}


def group_counts_repair() -> dict[str, int]:
    """Count every team's and worker's members and ledger rows again, and mend the summary where it differs. Returns
    how many member rows and count rows were wrong (0 and 0 when the triggers kept everything right).

    The comparison takes no lock (about 20 seconds of the database's time at 20,000 young people); only when it
    finds a difference are allocations, workers and the ledger held against writes while it is counted again and
    mended, so on a normal night nobody waits."""
    with connection.cursor() as cursor:
        found = _wrong(cursor)
    if any(found.values()):
        found = _mend()
        log.warning("The team and worker summary was wrong and has been counted again", extra={"repaired": found})
    group_counts_zeros_delete()
    return found


ZEROS_PER_TRANSACTION = 10_000


def group_counts_zeros_delete() -> int:
    """Delete the counts that have gone back to nothing: a worker who handed every young person on, a team gone, a
    young person's records deleted. The triggers leave them at zero (an upsert never deletes), and a council's
    workers change over the years: tens of millions of such rows after a few years at 20,000 young people, which no
    page reads (they cost the nightly check, and disk). In batches, each holding the write queue (so no writer
    holds a count row it wants) for a moment rather than for the whole clean. Returns how many went."""
    deleted = 0
    while True:
        with transaction.atomic(), connection.cursor() as cursor:
            write_queue_join()
            cursor.execute(f"DELETE FROM {COUNT} WHERE id IN (SELECT id FROM {COUNT} WHERE met = 0 AND kept = 0 "
                           f"AND late = 0 AND open = 0 LIMIT {ZEROS_PER_TRANSACTION})")
            deleted += cursor.rowcount
        if cursor.rowcount < ZEROS_PER_TRANSACTION:
            return deleted


@transaction.atomic
def _mend() -> dict[str, int]:
    with connection.cursor() as cursor:
        # Writers wait while the summary is compared and rewritten, rather than add to counts being replaced: the
        # queue every writer of the ledger, allocations and workers joins before its first write. (Not LOCK TABLE: a
        # writer holds its table lock while it waits in the queue, so the two would wait for each other.)
        write_queue_join()
        wrong_members = _differences(cursor, stored=MEMBER, now=MEMBERS_NOW, columns="young_person_id, kind, group_id")
        if wrong_members:
            # Only the members that differ: their triggers take their young people's rows out of (or into) the counts.
            cursor.execute(f"DELETE FROM {MEMBER} WHERE NOT EXISTS (SELECT 1 FROM ({MEMBERS_NOW}) AS n WHERE "
                           f"n.young_person_id = {MEMBER}.young_person_id AND n.kind = {MEMBER}.kind "
                           f"AND n.group_id = {MEMBER}.group_id)")
            cursor.execute(f"INSERT INTO {MEMBER} (young_person_id, kind, group_id) SELECT * FROM ({MEMBERS_NOW}) AS n "
                           "WHERE true ON CONFLICT (young_person_id, kind, group_id) DO NOTHING")
        wrong_counts = _differences(cursor, stored=COUNT, now=COUNTS_NOW, columns=COUNT_COLUMNS)
        if wrong_counts:
            cursor.execute(f"DELETE FROM {COUNT}")
            cursor.execute(f"INSERT INTO {COUNT} ({COUNT_COLUMNS}) SELECT * FROM ({COUNTS_NOW}) AS c")
    return {"members": wrong_members, "counts": wrong_counts}
