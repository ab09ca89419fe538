"""Which young people on an IRO's Reviews page need a review booked: their next review is overdue, due today or
due soon (pledges.status's states), and none is booked yet."""
from casework.people.recording import Record, RecordingRights

from .models import LedgerEntry
from .next_review import REVIEW_COUNTS

TO_BOOK = {LedgerEntry.State.OVERDUE, LedgerEntry.State.DUE_TODAY, LedgerEntry.State.DUE_SOON}


def mark_reviews_to_book(young_people, rights: RecordingRights) -> None:
    """Set `review_to_book` on each young person (already given `statuses` and `next_review`): the status of the
    review to book, or None. Only for a reader who may book one (casework.people.recording); no query beyond the
    reader's allocations, asked once."""
    for young_person in young_people:
        young_person.review_to_book = None
        if not rights.may(young_person, Record.REVIEW_BOOKING) or young_person.next_review is not None:
            continue
        young_person.review_to_book = next(
            (s for s in young_person.statuses
             if s.entry.measure.params.get("counts") in REVIEW_COUNTS and s.state in TO_BOOK), None)
