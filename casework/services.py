"""Writes to casework records. Keyword-only, typed, validated before they save."""
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from .models import (
    Allocation,
    CallbackAttempt,
    CallbackRequest,
    Contact,
    ContactKind,
    Role,
    Worker,
    YoungPerson,
)


@transaction.atomic
def allocation_change(*, young_person: YoungPerson, worker: Worker, role: Role | str, started_on: date) -> Allocation:
    """Allocate a worker to a young person in a role, ending whoever held that role before.

    The old allocation ends the day before the new one starts (or the same day when both start the
    same day), so the history shows an unbroken line of who was responsible.
    """
    current = (
        Allocation.objects.select_for_update()
        .filter(young_person=young_person, role=role, ended_on__isnull=True)
        .first()
    )
    if current is not None:
        if current.worker_id == worker.pk:
            return current
        current.ended_on = max(current.started_on, started_on)
        current.full_clean()
        current.save(update_fields=["ended_on"])
    allocation = Allocation(young_person=young_person, worker=worker, role=role, started_on=started_on)
    allocation.full_clean()
    allocation.save()
    return allocation


@transaction.atomic
def contact_log(
    *, young_person: YoungPerson, worker: Worker, happened_on: date, kind: str, seen_alone: bool | None, note: str
) -> Contact:
    """Record a visit or contact. The ledger hears of it (pledges.signals) and restarts the clocks."""
    contact = Contact(young_person=young_person, worker=worker, happened_on=happened_on, kind=kind,
                      seen_alone=seen_alone if kind in ContactKind.visits() else None, note=note)
    contact.full_clean()
    contact.save()
    return contact


def open_callback_request(young_person: YoungPerson) -> CallbackRequest | None:
    return young_person.callback_requests.filter(status=CallbackRequest.Status.OPEN).first()


@transaction.atomic
def callback_request_create(*, young_person: YoungPerson, message: str, best_time: str, now: datetime) -> CallbackRequest:
    """A young person asks to be called back. Only one may be open at a time (also a database constraint)."""
    if open_callback_request(young_person) is not None:
        raise ValidationError("You have already asked us to call you back. We will call you soon.")
    request = CallbackRequest(young_person=young_person, message=message, best_time=best_time, requested_at=now)
    request.full_clean()
    request.save()
    return request


@transaction.atomic
def callback_attempt_record(
    *, request: CallbackRequest, worker: Worker, outcome: str, note: str, now: datetime
) -> CallbackAttempt:
    """A worker tried to call back. Reaching the young person closes the request; not reaching them keeps
    the request (and its clock) open."""
    request = CallbackRequest.objects.select_for_update().get(pk=request.pk)
    if request.status != CallbackRequest.Status.OPEN:
        raise ValidationError("This call-back has already been done.")
    attempt = CallbackAttempt(request=request, worker=worker, attempted_at=now, outcome=outcome, note=note)
    attempt.full_clean()
    if outcome == CallbackAttempt.Outcome.REACHED:
        request.status = CallbackRequest.Status.CALLED_BACK
        request.called_back_at = now
        request.save(update_fields=["status", "called_back_at"])
    attempt.save()
    return attempt
