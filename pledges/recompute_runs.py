"""A council's ledger being rebuilt in the background (pledges.ledger.runs), and how far it has got.

The row is the task's memory: each batch of young people commits its ledger rows and moves `last_young_person_id`
in one transaction, so a worker killed part way leaves a run that the redelivered task (acks_late) carries on
from the last finished batch, and the manager's pages can say "Updating 4,210 of 20,000 young people".
"""
from django.db import models

from casework.models import Council


class LedgerRecomputeRunQuerySet(models.QuerySet):
    def unfinished(self):
        return self.filter(finished_at__isnull=True)


class LedgerRecomputeRun(models.Model):
    class Reason(models.TextChoices):
        PUBLISH = "publish", "A new pledge version was published"
        MEASURE = "measure", "A measure was changed"
        BIRTHDAYS = "birthdays", "Birthdays"
        MEASURING_FROM = "measuring_from", "The date promises are measured from was changed"
        UPGRADE = "upgrade", "The portal was upgraded (manage.py recompute_ledger)"

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="ledger_recompute_runs")
    reason = models.CharField(max_length=20, choices=Reason.choices)
    # The counts whose measures are rebuilt (pledges.ledger.registry); null for every measure.
    counts = models.JSONField(null=True, blank=True)
    # For the birthday job: only the young people whose birthday is this day (null: the whole council).
    birthday = models.DateField(null=True, blank=True)
    # The measures (ids) whose rows the run's first slice copied for the dashboard (pledges.ledger.snapshots): its
    # own and those of older runs still going. Null until then, so a redelivered first slice does not copy twice.
    snapshot_measures = models.JSONField(null=True, blank=True)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    last_young_person_id = models.PositiveBigIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # Moved by each batch: a run unfinished and unmoved for long lost its task (the broker was down when it was
    # enqueued, or its worker died), and the sweep sends it again (ledger.runs.ledger_recompute_catch_up).
    updated_at = models.DateTimeField(auto_now=True)

    objects = LedgerRecomputeRunQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["council"], condition=models.Q(finished_at__isnull=True),
                                name="ledger_run_unfinished_idx")]

    @property
    def progress_text(self) -> str:
        return f"Updating {min(self.done, self.total):,} of {self.total:,} young people"

    def __str__(self):
        return f"{self.council} ledger ({self.get_reason_display()}): {self.done} of {self.total}"
