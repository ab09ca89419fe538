"""The ledger's answer to reviews' question "when is the next review due?" (reviews.next_due)."""
from datetime import date

from casework.models import YoungPerson

from .models import LedgerEntry

# The ledger rows that are a young person's next review: the six-monthly one and the one after a move.
REVIEW_COUNTS = ("review", "move_review")


def next_review_due_on(young_person: YoungPerson) -> date | None:
    """The earliest due date of the young person's open review rows (one query), or None."""
    return (LedgerEntry.objects.filter(young_person=young_person, status=LedgerEntry.Status.OPEN, measure__active=True,
                                       measure__params__counts__in=REVIEW_COUNTS)
            .order_by("due_on").values_list("due_on", flat=True).first())
