"""Writes to reviews records. Keyword-only, typed, atomic, validated before they save.

The promise ledger (pledges.signals) hears of saved reviews and consultations and recomputes the young
person's rows in the same transaction; nothing here knows about it.
"""
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from casework.models import Allocation, Role, Worker, YoungPerson
from casework.people.recording import Record, check_may_record
from casework.people.services import allocation_change

from .models import Consultation, IroChange, Review, ViewsSubmission


def current_iro(young_person: YoungPerson) -> Worker | None:
    """The worker holding the young person's open IRO allocation, if any."""
    allocation = (
        Allocation.objects.filter(young_person=young_person, role=Role.IRO, ended_on__isnull=True)
        .select_related("worker").first()
    )
    return allocation.worker if allocation else None


def next_review(young_person: YoungPerson, today: date) -> Review | None:
    """The next review booked and not yet held, today or later."""
    return (
        Review.objects.filter(young_person=young_person, held_on__isnull=True, scheduled_for__gte=today)
        .select_related("iro").order_by("scheduled_for", "pk").first()
    )


@transaction.atomic
def review_schedule(*, young_person: YoungPerson, by: Worker, iro: Worker, scheduled_for: date) -> Review:
    """Book a review for a date, chaired by an IRO from the young person's council."""
    check_may_record(by, young_person, Record.REVIEW_BOOKING)
    review = Review(young_person=young_person, iro=iro, scheduled_for=scheduled_for)
    review.full_clean()
    review.save()
    return review


@transaction.atomic
def review_record_held(
    *, review: Review, by: Worker, held_on: date, attendees: str, participation: str, took_part_how: str,
    decisions: str,
) -> Review:
    """Record that a booked review was held: when, who came, how the young person took part, what was decided."""
    review = Review.objects.select_for_update(of=("self",)).select_related("young_person", "iro").get(pk=review.pk)
    check_may_record(by, review.young_person, Record.REVIEW_OUTCOME)
    if review.held_on is not None:
        raise ValidationError(f"This review was already recorded as held on {review.held_on:%-d %B %Y}.")
    review.held_on = held_on
    review.attendees = attendees
    review.participation = participation
    review.took_part_how = took_part_how
    review.decisions = decisions
    review.full_clean()
    review.save(update_fields=["held_on", "attendees", "participation", "took_part_how", "decisions"])
    return review


@transaction.atomic
def consultation_record(
    *, review: Review, by: Worker, iro: Worker, consulted_on: date, method: str, views: str, declined: bool
) -> Consultation:
    """Record the IRO hearing the young person before a review, or the young person choosing not to say. `by` is
    who records it: the IRO themselves, or a manager recording it for the IRO."""
    check_may_record(by, review.young_person, Record.CONSULTATION)
    consultation = Consultation(review=review, iro=iro, consulted_on=consulted_on, method=method,
                                views=views.strip(), declined=declined)
    consultation.full_clean()
    consultation.save()
    return consultation


@transaction.atomic
def views_submit(*, young_person: YoungPerson, review: Review, text: str, now: datetime) -> ViewsSubmission:
    """A young person sends their views to their IRO for an upcoming review that has not been held yet."""
    review = Review.objects.select_for_update(of=("self",)).select_related("iro").get(pk=review.pk)
    submission = ViewsSubmission(review=review, young_person=young_person, text=text.strip(), submitted_at=now)
    submission.full_clean()
    submission.save()
    return submission


@transaction.atomic
def iro_change(
    *, young_person: YoungPerson, by: Worker, new_iro: Worker, changed_on: date, reason: str,
    met_before_next_review: bool | None,
) -> IroChange:
    """Change a young person's IRO: record why, end the old IRO allocation and open the new one, and hand the
    reviews booked from that day on (not yet held) to the new IRO, who will chair them. Only a manager
    (casework.people.recording)."""
    check_may_record(by, young_person, Record.IRO_CHANGE)
    current = (
        Allocation.objects.select_for_update()
        .filter(young_person=young_person, role=Role.IRO, ended_on__isnull=True)
        .select_related("worker").first()
    )
    change = IroChange(young_person=young_person, previous_iro=current.worker if current else None, new_iro=new_iro,
                       changed_on=changed_on, reason=reason, met_before_next_review=met_before_next_review)
    change.full_clean()
    if current is not None and changed_on < current.started_on:
        raise ValidationError({"changed_on": (
            f"The date of the change must be on or after {current.worker.name} became their IRO "
            f"({current.started_on:%-d %B %Y})"
        )})
    change.save()
    allocation_change(young_person=young_person, worker=new_iro, role=Role.IRO, started_on=changed_on)
    # A plain UPDATE: who chairs a review moves no promise clock, so the ledger need not hear of it.
    Review.objects.filter(young_person=young_person, held_on__isnull=True, scheduled_for__gte=changed_on) \
        .update(iro=new_iro)
    return change
