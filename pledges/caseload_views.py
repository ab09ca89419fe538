"""An IRO's list of reviews (a worker's caseload is the worktray: pledges.worktray)."""
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from casework.audit.models import audit_young_people
from casework.people.scoping import visible_young_people, worker_for
from casework.people.recording import recording_rights
from reviews.models import Review

from . import status
from .models import LedgerEntry
from .review_booking import mark_reviews_to_book


# The promises an IRO's list shows: reviews, the consultation before each, and reviews after a move.
IRO_COUNTS = ["review", "consultation", "move_review"]


def iro_reviews(request):
    """An IRO's young people with their next review due, the review booked and the consultation before it; "Book
    review" beside each whose review is due and not booked (pledges.review_booking). An IRO starts here (home)."""
    worker = worker_for(request.user)
    if worker is None:
        raise Http404("Only staff have a list of reviews")
    today = timezone.localdate()
    young_people = _young_people_with_statuses(visible_young_people(request.user), today, counts=IRO_COUNTS)
    by_pk = {yp.pk: yp for yp in young_people}
    for review in Review.objects.filter(young_person_id__in=by_pk, held_on__isnull=True).order_by("-scheduled_for"):
        by_pk[review.young_person_id].next_review = review  # the earliest booked one is set last
    mark_reviews_to_book(young_people, recording_rights(request))
    audit_young_people(request, by_pk)
    return render(request, "pledges/iro_reviews.html", {"worker": worker, "young_people": young_people})


def _young_people_with_statuses(young_people, today, *, counts=None):
    """Young people (already scoped) with their open ledger rows as statuses, most urgent first: two queries."""
    people = {yp.pk: yp for yp in young_people}
    for young_person in people.values():
        young_person.statuses, young_person.open_callback, young_person.next_review = [], None, None
    entries = LedgerEntry.objects.filter(
        young_person_id__in=people, status=LedgerEntry.Status.OPEN, measure__active=True
    ).select_related("measure")
    if counts is not None:
        entries = entries.filter(measure__params__counts__in=counts)
    for entry in entries:
        people[entry.young_person_id].statuses.append(status.for_worker(entry, today))
    for young_person in people.values():
        young_person.statuses = status.most_urgent_first(young_person.statuses)

    def urgency(young_person):
        first = young_person.statuses[0] if young_person.statuses else None
        return (first.urgency, first.entry.due_on, young_person.full_name) if first else (9, today, young_person.full_name)

    return sorted(people.values(), key=urgency)
