"""The managers' dashboard's summary of the promise ledger: for each measure and due date, how many rows were kept on
time, kept late or are still open (pledges.dashboard_summary reads it).

The database keeps it up to date itself: triggers on the ledger's table (migration 0014) add each INSERT, UPDATE and
DELETE to the counts in the same transaction, however the rows were written (a recompute's COPY or UPDATE, a version
stopping a measure, a young person's records deleted, a test's factory). Triggers rather than Python code in the
recompute because the ledger is written in several places and a summary that missed one would be wrong for ever.

Counted by day, not by month: a dashboard period starts and ends on any day (the last twelve months end today), and
"missed" and "overdue" depend on today. A council has a few measures and a few thousand days of history, so the
dashboard sums a few thousand small rows however many young people the council holds.
"""
from django.db import models


class DayCounts(models.Model):
    """A measure's ledger rows due on one day, counted (the council's here; a team's or worker's in group_counts)."""
    # A plain column, not a foreign key: the triggers write here while Django deletes a measure's rows (a foreign key
    # would then point at a measure that has gone). Rows of a deleted measure are never read.
    measure_id = models.BigIntegerField()
    due_on = models.DateField()
    met = models.IntegerField(default=0, help_text="Rows met (kept on time or late).")
    kept = models.IntegerField(default=0, help_text="Rows met on or before their due date.")
    late = models.IntegerField(default=0, help_text="Rows met after their due date.")
    open = models.IntegerField(default=0, help_text="Rows still open.")
    # Whether any row is open, kept by the database from `open`, for the partial indexes of the days with open rows.
    # An index on `open` itself (its condition) would make every change of the count a non-HOT update: PostgreSQL
    # could then never reuse a row's page for its next version, and a rebuild of 20,000 young people's ledger left
    # 12,838 days in a 38 MB table that the dashboard read whole. This flag changes only when a day's last open row
    # is met or its first is written (pledges migration 0023 says more).
    has_open = models.GeneratedField(expression=~models.Q(open=0), output_field=models.BooleanField(), db_persist=True)

    class Meta:
        abstract = True


class LedgerDayCount(DayCounts):
    class Meta:
        constraints = [models.UniqueConstraint(fields=["measure_id", "due_on"], name="ledger_day_count_unique")]
        # The days with open rows, for "overdue now" and "due before the period": a few hundred among years of days.
        indexes = [models.Index(fields=["measure_id", "due_on"], condition=models.Q(has_open=True),
                                name="ledger_day_count_open_idx")]

    def __str__(self):
        return f"measure {self.measure_id} due {self.due_on}: {self.met} met, {self.open} open"
