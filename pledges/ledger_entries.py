"""The promise ledger's stored rows (pledges.ledger computes them)."""
from django.db import models
from django.db.models import Q

from .rules import old_rule_note


class LedgerRow(models.Model):
    """What a ledger row says, shared by the live rows (LedgerEntry) and the copies the dashboard reads while a
    council's ledger is being rebuilt (pledges.ledger_snapshots), so the two cannot come to mean different things."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        MET = "met", "Met"

    class State(models.TextChoices):
        ON_TRACK = "on_track", "On track"
        DUE_SOON = "due_soon", "Due soon"
        DUE_TODAY = "due_today", "Due today"
        OVERDUE = "overdue", "Overdue"
        MET_ON_TIME = "met_on_time", "Kept"
        MET_LATE = "met_late", "Kept late"

    pledge_version = models.PositiveIntegerField(null=True, blank=True)
    cycle_start = models.DateField()
    started_by = models.CharField(max_length=40, help_text="What started the clock, e.g. 'visit', 'request'.")
    trigger_id = models.PositiveBigIntegerField(default=0, help_text="The id of that event (0 for none).")
    due_on = models.DateField()
    explanation = models.CharField(max_length=300, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    met_on = models.DateField(null=True, blank=True)
    met_by = models.CharField(max_length=40, blank=True)
    met_by_id = models.PositiveBigIntegerField(null=True, blank=True)

    class Meta:
        abstract = True

    def __str__(self):
        return f"{self.measure.name} for {self.young_person}: due {self.due_on}"

    @property
    def old_rule_note(self) -> str:
        """"set when the promise was every 6 weeks" when a pledge version has changed the promise since this
        cycle's due date was set (pledges.rules.OLD_RULE_WORDS), for pages that show the due date alone."""
        return old_rule_note(self.explanation)

    def state_on(self, today) -> str:
        """What this row means on a given day (pass one reading of the clock for a whole page)."""
        if self.status == self.Status.MET:
            return self.State.MET_ON_TIME if self.met_on <= self.due_on else self.State.MET_LATE
        if today > self.due_on:
            return self.State.OVERDUE
        if today == self.due_on:
            return self.State.DUE_TODAY
        if (self.due_on - today).days <= self.measure.warn_days_before:
            return self.State.DUE_SOON
        return self.State.ON_TRACK


class LedgerEntry(LedgerRow):
    """One cycle of one measure for one young person: from a start event to a due date, met or not.

    Rows are recomputed from the events (pledges.ledger) whenever an event that resets the clock is saved.
    `status` is stored (open or met); what a person sees (on track, due soon, due today, overdue, met on
    time, met late) is computed against one reading of the clock by `state_on()`. `next_alert_at` is the
    denormalised time the next notification for this row falls due, so the sweep only asks for rows with
    next_alert_at in the past (a partial index keeps that question small).
    """

    # No index of their own: the indexes below lead with them, and each index costs every recompute a write.
    measure = models.ForeignKey("pledges.Measure", on_delete=models.CASCADE, related_name="entries", db_index=False)
    young_person = models.ForeignKey("casework.YoungPerson", on_delete=models.CASCADE, related_name="ledger_entries",
                                     db_index=False)
    due_soon_notified_at = models.DateTimeField(null=True, blank=True)
    overdue_notified_at = models.DateTimeField(null=True, blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)
    next_alert_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["young_person", "measure", "cycle_start"]
        verbose_name_plural = "ledger entries"
        constraints = [
            models.UniqueConstraint(
                fields=["measure", "young_person", "cycle_start", "trigger_id"], name="ledger_entry_unique_cycle"
            ),
        ]
        indexes = [
            models.Index(
                fields=["next_alert_at"], name="ledger_next_alert_idx",
                condition=Q(status="open", next_alert_at__isnull=False),
            ),
            models.Index(fields=["young_person", "status"], name="ledger_young_person_idx"),
            # The dashboard counts a period's rows by measure and due date. With the other columns it reads in
            # the key, PostgreSQL counts them from this index alone, never touching the wide rows.
            models.Index(fields=["measure", "due_on", "status", "met_on", "young_person", "id"],
                         name="ledger_dashboard_idx"),
        ]

