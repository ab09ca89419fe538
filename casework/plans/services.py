"""Writes to care plans and placements. Keyword-only, typed, validated before they save."""
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from casework.people.models import Worker, YoungPerson
from casework.people.recording import Record, check_may_record
from casework.people.services import lock_young_person

from .models import CarePlanVersion, Placement


@transaction.atomic
def care_plan_version_create(
    *, young_person: YoungPerson, written_by: Worker, agreed_on: date, **sections: str
) -> CarePlanVersion:
    """Save a new version of the care plan. Versions are never edited: an update is the next version number.

    `sections` are the plan's text fields (needs, actions, responsibilities and the seven considered notes).
    """
    check_may_record(written_by, young_person, Record.CARE_PLAN)
    young_person = lock_young_person(young_person)
    last = young_person.care_plan_versions.order_by("-version").values_list("version", flat=True).first()
    version = CarePlanVersion(young_person=young_person, written_by=written_by, agreed_on=agreed_on,
                              version=(last or 0) + 1, **sections)
    version.full_clean()
    version.save()
    return version


@transaction.atomic
def care_plan_copy_given(*, version: CarePlanVersion, by: Worker, given_on: date, how: str) -> CarePlanVersion:
    """Record when and how the young person was given a copy of this version: the only change a saved version
    allows, and only once."""
    version = CarePlanVersion.objects.select_for_update(of=("self",)).select_related("young_person").get(pk=version.pk)
    check_may_record(by, version.young_person, Record.CARE_PLAN)
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
    check_may_record(recorded_by, young_person, Record.PLACEMENT)
    young_person = lock_young_person(young_person)
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
    check_may_record(recorded_by, young_person, Record.PLACEMENT)
    young_person = lock_young_person(young_person)
    if not young_person.placements.exists():
        raise ValidationError("They have no placement yet. Record their first placement instead of a move.")
    current = young_person.placements.filter(ended_on__isnull=True).first()
    if current is not None and started_on and started_on < current.started_on:
        raise ValidationError({"started_on": (
            f"The move must be on or after the day their current placement with {current.where} "
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
