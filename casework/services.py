"""Writes to casework records. Keyword-only, typed, validated before they save."""
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from .models import (
    Allocation,
    CallbackAttempt,
    CallbackRequest,
    CarePlanVersion,
    Contact,
    ContactKind,
    Placement,
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


def _lock(young_person: YoungPerson) -> YoungPerson:
    """Lock the young person's row until the transaction ends, so two writes for them queue up."""
    return YoungPerson.objects.select_for_update().get(pk=young_person.pk)


@transaction.atomic
def care_plan_version_create(
    *, young_person: YoungPerson, written_by: Worker, agreed_on: date, **sections: str
) -> CarePlanVersion:
    """Save a new version of the care plan. Versions are never edited: an update is the next version number.

    `sections` are the plan's text fields (needs, actions, responsibilities and the seven considered notes).
    """
    young_person = _lock(young_person)
    last = young_person.care_plan_versions.order_by("-version").values_list("version", flat=True).first()
    version = CarePlanVersion(young_person=young_person, written_by=written_by, agreed_on=agreed_on,
                              version=(last or 0) + 1, **sections)
    version.full_clean()
    version.save()
    return version


@transaction.atomic
def care_plan_copy_given(*, version: CarePlanVersion, given_on: date, how: str) -> CarePlanVersion:
    """Record when and how the young person was given a copy of this version: the only change a saved version
    allows, and only once."""
    version = CarePlanVersion.objects.select_for_update().select_related("young_person").get(pk=version.pk)
    if version.copy_given_on is not None:
        raise ValidationError(
            f"You have already recorded that they were given a copy of version {version.version} "
            f"on {version.copy_given_on:%-d %B %Y}."
        )
    version.copy_given_on = given_on
    version.copy_given_how = how
    version.full_clean()
    version.save(update_fields=["copy_given_on", "copy_given_how"])
    return version


def current_placement(young_person: YoungPerson) -> Placement | None:
    return young_person.placements.filter(ended_on__isnull=True).first()


@transaction.atomic
def placement_start(*, young_person: YoungPerson, recorded_by: Worker, **fields) -> Placement:
    """Record a young person's first placement (or one that comes after a placement that has already ended,
    which makes it a move). It may not overlap another placement: to move them from their current one, use
    placement_move."""
    young_person = _lock(young_person)
    placement = Placement(young_person=young_person, recorded_by=recorded_by, **fields)
    placement.is_move = bool(
        placement.started_on and young_person.placements.filter(started_on__lt=placement.started_on).exists()
    )
    placement.full_clean()
    placement.save()
    return placement


@transaction.atomic
def placement_move(*, young_person: YoungPerson, recorded_by: Worker, started_on: date, **fields) -> Placement:
    """Move a young person: end their current placement the day the new one starts, and start the new one.

    Everything is checked before anything is written, and both writes are in one transaction, so a refused
    move leaves the current placement as it was.
    """
    young_person = _lock(young_person)
    if not young_person.placements.exists():
        raise ValidationError("They have no placement yet. Record their first placement instead of a move.")
    current = young_person.placements.filter(ended_on__isnull=True).first()
    if current is not None and started_on and started_on < current.started_on:
        raise ValidationError({"started_on": (
            f"The move must be on or after the day their current placement with {current.carer_or_home} "
            f"started ({current.started_on:%-d %B %Y})."
        )})
    placement = Placement(young_person=young_person, recorded_by=recorded_by, started_on=started_on,
                          is_move=True, **fields)
    if current is not None:
        current.ended_on = started_on
        placement.replaces = current  # checked for overlaps with its new end date, before it is saved
    placement.full_clean(validate_constraints=False)
    if current is not None:
        current.full_clean()
        current.save(update_fields=["ended_on"])
    placement.validate_constraints()
    placement.save()
    return placement
