"""Writes to a young person's education records: PEPs, work experience offers and EET statuses.

Keyword-only, typed, validated before they save: the model is built, our own checks raise
ValidationError({field: message}), then full_clean() runs the model's.
"""
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from casework.people.models import Worker, YoungPerson
from casework.people.recording import Record, check_may_record

from .models import EducationStatus, PersonalEducationPlan, WorkExperienceOffer

EET_MIN_AGE = 16
EET_AGE_MESSAGE = "This is for young people aged 16 or over"


def _date_errors(young_person: YoungPerson, day: date | None, what: str, *, since_care: bool = False) -> str | None:
    """Why this date cannot be right for this young person, or None."""
    if day is None:
        return None
    if day > date.today():
        return f"The date of the {what} must be today or in the past."
    if day < young_person.date_of_birth:
        return f"The date of the {what} must be after the young person's date of birth."
    came_into_care = young_person.became_looked_after_on
    if since_care and came_into_care and day < came_into_care:
        return (f"The date of the {what} must be on or after the day they came into care "
                f"({came_into_care:%-d %B %Y}).")
    return None


def _check(instance, errors: dict[str, str | None]) -> None:
    errors = {field: message for field, message in errors.items() if message}
    if errors:
        raise ValidationError(errors)
    instance.full_clean()


@transaction.atomic
def pep_record(
    *, young_person: YoungPerson, recorded_by: Worker, reviewed_on: date, school: str, young_person_involved: bool,
    targets: str,
) -> PersonalEducationPlan:
    """Record a Personal Education Plan meeting (the first one or a termly review)."""
    check_may_record(recorded_by, young_person, Record.EDUCATION)
    pep = PersonalEducationPlan(young_person=young_person, recorded_by=recorded_by, reviewed_on=reviewed_on,
                                school=school, young_person_involved=young_person_involved, targets=targets)
    errors = {"reviewed_on": _date_errors(young_person, reviewed_on, "PEP meeting", since_care=True)}
    if recorded_by.council_id != young_person.council_id:
        errors["recorded_by"] = "The worker must be from the young person's council."
    _check(pep, errors)
    pep.save()
    return pep


@transaction.atomic
def work_experience_offer_record(
    *, young_person: YoungPerson, by: Worker, offered_on: date, description: str, taken_up: bool | None,
) -> WorkExperienceOffer:
    """Record a work experience placement offered to a young person, and whether they took it up."""
    check_may_record(by, young_person, Record.EDUCATION)
    offer = WorkExperienceOffer(young_person=young_person, offered_on=offered_on, description=description,
                                taken_up=taken_up)
    _check(offer, {"offered_on": _date_errors(young_person, offered_on, "offer")})
    offer.save()
    return offer


@transaction.atomic
def education_status_record(
    *, young_person: YoungPerson, by: Worker, recorded_on: date, status: str, where: str,
) -> EducationStatus:
    """Record whether a young person of 16 or over is in education, employment or training."""
    check_may_record(by, young_person, Record.EDUCATION)
    record = EducationStatus(young_person=young_person, recorded_on=recorded_on, status=status, where=where)
    errors = {"recorded_on": _date_errors(young_person, recorded_on, "status")}
    if not errors["recorded_on"] and recorded_on and young_person.age_on(recorded_on) < EET_MIN_AGE:
        errors["status"] = EET_AGE_MESSAGE
    _check(record, errors)
    record.save()
    return record
