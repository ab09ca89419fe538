"""Where a notification takes its reader: the page of the record it is about. A reminder about a worry opens the
worry (which only its audience may open: casework.worries.scoping.concerns_addressed_to), a reminder to reply to an
answer about a promise opens the reply page, and every other reminder the young person's pledge page."""
from django.urls import reverse

# The measures ("counts") whose every cycle is started by one record with its own staff page (the row's
# trigger_id is that record's id), and that page.
RECORD_PAGES = {"concern": "concern_detail", "feedback": "feedback_reply"}


def record_path(*, young_person_id: int, counts: str | None = None, trigger_id: int | None = None) -> str:
    """The path of the page a ledger row (of a measure counting `counts`) is about."""
    if counts in RECORD_PAGES and trigger_id is not None:
        return reverse(RECORD_PAGES[counts], args=[trigger_id])
    return reverse("young_person_pledge", args=[young_person_id])
