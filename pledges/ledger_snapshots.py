"""The ledger as it was when a council's rebuild began, which the managers' dashboard reads until the rebuild ends.

A rebuild (pledges.ledger.runs) rewrites the rows young person by young person; counted half way, the figures would
mix the old rules with the new. So the run's first slice copies the council's rows for the measures it rebuilds
here, in one INSERT ... SELECT, and its last deletes them; in between the dashboard counts these copies for those
measures (pledges.ledger.snapshots.ledger_rows_for) and the live rows for every other measure.
"""
from django.db import models

from .ledger_entries import LedgerRow


class LedgerSnapshotEntry(LedgerRow):
    run = models.ForeignKey("pledges.LedgerRecomputeRun", on_delete=models.CASCADE, related_name="snapshot_entries",
                            db_index=False)  # the index below leads with it
    # Not indexed alone: a measure is deleted rarely, and these rows live only while a run goes on.
    measure = models.ForeignKey("pledges.Measure", on_delete=models.CASCADE, related_name="snapshot_entries",
                                db_index=False)
    # Indexed: the workers' pages walk from a worker's young people to their rows.
    young_person = models.ForeignKey("casework.YoungPerson", on_delete=models.CASCADE,
                                     related_name="ledger_snapshot_entries")

    class Meta:
        verbose_name_plural = "ledger snapshot entries"
        indexes = [
            # As LedgerEntry's ledger_dashboard_idx, for the one run whose copies are read.
            models.Index(fields=["run", "measure", "due_on", "status", "met_on"], name="ledger_snapshot_idx"),
        ]
