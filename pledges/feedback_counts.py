"""The managers' dashboard's summary of young people's answers to "Is this promise being kept for you?": for each
promise and day, how many said yes, not really and no (pledges.dashboard_summary reads it).

As pledges.ledger_counts does for the ledger, the database keeps it up to date itself: triggers on the answers' table
(migration 0016) add each INSERT, UPDATE and DELETE to the counts in the same transaction, however the answers were
written or removed (pledges.services, a young person's records deleted, a test's factory). Retention anonymises an
answer's words and keeps the answer, so the counts stay.

By the day the answer was given in the council's time zone (settings.TIME_ZONE, as `given_at__date` means): a
dashboard period starts and ends on any day. A pledge has a few dozen promises, so a year is at most a few thousand
rows however many young people answer.
"""
from django.db import models


class FeedbackDayCount(models.Model):
    # No database constraint: the triggers write here while Django deletes answers, and a promise with answers cannot
    # be deleted (PromiseFeedback.promise is PROTECT). A count whose promise has gone is never read (the join drops it).
    promise = models.ForeignKey("pledges.Promise", on_delete=models.DO_NOTHING, db_constraint=False, db_index=False,
                                related_name="+")  # the unique (promise, council, day) index finds them
    # The council of the young person who answered, as the triggers found it: the dashboard counts only its own
    # council's young people, even should one of another council have answered (pledges.dashboard.feedback_by_ref).
    council_id = models.BigIntegerField()
    given_on = models.DateField()
    yes = models.IntegerField(default=0)
    not_really = models.IntegerField(default=0)
    no = models.IntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["promise", "council_id", "given_on"],
                                               name="feedback_day_count_unique")]
        # The period's days of one council: the dashboard reads a year's days, never the years before it.
        indexes = [models.Index(fields=["council_id", "given_on"], name="feedback_day_count_days_idx")]

    def __str__(self):
        return f"promise {self.promise_id} on {self.given_on}: {self.yes} yes, {self.not_really} not really, {self.no} no"
