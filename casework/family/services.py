"""Services for the people who matter to a young person, their identity reviews and their achievements.

Each builds or changes the model, adds the checks the model cannot make alone (raising
ValidationError({field: message})), then full_clean()s before saving.
"""
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from casework.people.models import Worker, YoungPerson
from casework.people.recording import Record, check_may_record

from .models import Achievement, IdentityReview, ImportantPerson


def _date_error(young_person: YoungPerson, day: date | None, what: str) -> str | None:
    """The shared date rule here: not in the future, not before they were born."""
    if day is None:
        return None
    if day > timezone.localdate():
        return f"{what} must be today or in the past."
    if day < young_person.date_of_birth:
        return f"{what} must be after their date of birth."
    return None


def _check(instance, errors: dict[str, str]) -> None:
    """Raise our own errors and the model's together, so the form shows them all at once."""
    try:
        instance.full_clean()
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            errors.setdefault(field, messages[0])
    if errors:
        raise ValidationError(errors)


def _restriction_errors(person: ImportantPerson) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not person.contact_restricted:
        return errors
    if not person.restriction_reason.strip():
        errors["restriction_reason"] = "Enter why contact is restricted, in words they can read."
    if person.restricted_on is None:
        errors["restricted_on"] = "Enter the date contact was restricted."
    elif message := _date_error(person.young_person, person.restricted_on, "The date contact was restricted"):
        errors["restricted_on"] = message
    if message := _explained_error(person, person.restriction_explained_on):
        errors["restriction_explained_on"] = message
    return errors


def _explained_error(person: ImportantPerson, explained_on: date | None) -> str | None:
    if explained_on is None:
        return None
    if explained_on > timezone.localdate():
        return "The date it was explained must be today or in the past."
    if person.restricted_on and explained_on < person.restricted_on:
        return "The date it was explained must be on or after the date contact was restricted."
    return None


@transaction.atomic
def important_person_add(
    *,
    young_person: YoungPerson,
    name: str,
    relationship: str,
    added_by_young_person: bool,
    by: Worker | None = None,
    contact_restricted: bool = False,
    restriction_reason: str = "",
    restricted_on: date | None = None,
    restriction_explained_on: date | None = None,
) -> ImportantPerson:
    """Add someone who matters to a young person, by them (from the portal) or by a worker. Only a worker can
    restrict contact, and a restriction needs a reason written for the young person and the date. A worker's
    addition names them (`by`), and only those casework.people.recording allows may add."""
    if not added_by_young_person:
        check_may_record(by, young_person, Record.FAMILY)
    if added_by_young_person and contact_restricted:
        raise ValidationError({"contact_restricted": "Only a worker can restrict contact."})
    if not contact_restricted:
        restriction_reason, restricted_on, restriction_explained_on = "", None, None
    person = ImportantPerson(
        young_person=young_person, name=name.strip(), relationship=relationship.strip(),
        added_by_young_person=added_by_young_person, added_on=timezone.localdate(),
        contact_restricted=contact_restricted, restriction_reason=restriction_reason.strip(),
        restricted_on=restricted_on, restriction_explained_on=restriction_explained_on,
    )
    errors = _restriction_errors(person)
    if not person.name:
        errors["name"] = "Enter their name."
    if not person.relationship:
        errors["relationship"] = "Enter who they are to the young person."
    _check(person, errors)
    person.save()
    return person


@transaction.atomic
def important_person_confirm(*, person: ImportantPerson, worker: Worker) -> ImportantPerson:
    """A worker has checked someone on the list. Confirming twice keeps the first confirmation."""
    person = ImportantPerson.objects.select_for_update(of=("self",)).select_related("young_person").get(pk=person.pk)
    check_may_record(worker, person.young_person, Record.FAMILY)
    if person.confirmed_on is not None:
        return person
    person.confirmed_by = worker
    person.confirmed_on = timezone.localdate()
    person.full_clean()
    person.save(update_fields=["confirmed_by", "confirmed_on"])
    return person


@transaction.atomic
def important_person_restriction_explained(*, person: ImportantPerson, by: Worker,
                                           explained_on: date) -> ImportantPerson:
    """Record the day a worker made sure the young person understood why contact is restricted."""
    person = ImportantPerson.objects.select_for_update(of=("self",)).select_related("young_person").get(pk=person.pk)
    check_may_record(by, person.young_person, Record.FAMILY)
    if not person.contact_restricted:
        raise ValidationError({"restriction_explained_on": "Contact with this person is not restricted."})
    errors = {}
    if message := _explained_error(person, explained_on):
        errors["restriction_explained_on"] = message
    person.restriction_explained_on = explained_on
    _check(person, errors)
    person.save(update_fields=["restriction_explained_on"])
    return person


@transaction.atomic
def identity_review_record(
    *,
    young_person: YoungPerson,
    recorded_by: Worker,
    reviewed_on: date,
    religion_and_culture: str,
    meeting_others: str,
    talents_and_hobbies: str,
) -> IdentityReview:
    """Record a talk about a young person's religion and culture, who they meet and what they enjoy."""
    check_may_record(recorded_by, young_person, Record.IDENTITY)
    review = IdentityReview(
        young_person=young_person, recorded_by=recorded_by, reviewed_on=reviewed_on,
        religion_and_culture=religion_and_culture.strip(), meeting_others=meeting_others.strip(),
        talents_and_hobbies=talents_and_hobbies.strip(),
    )
    errors = {}
    if message := _date_error(young_person, reviewed_on, "The date of the review"):
        errors["reviewed_on"] = message
    _check(review, errors)
    review.save()
    return review


@transaction.atomic
def achievement_add(
    *, young_person: YoungPerson, title: str, achieved_on: date, added_by_young_person: bool, by: Worker | None = None
) -> Achievement:
    """Add something to be proud of, by the young person or their worker (`by`, whom casework.people.recording
    allows)."""
    if not added_by_young_person:
        check_may_record(by, young_person, Record.ACHIEVEMENT)
    achievement = Achievement(young_person=young_person, title=title.strip(), achieved_on=achieved_on,
                              added_by_young_person=added_by_young_person)
    errors = {}
    if not achievement.title:
        errors["title"] = "Enter what the achievement was."
    if message := _date_error(young_person, achieved_on, "The date"):
        errors["achieved_on"] = message
    _check(achievement, errors)
    achievement.save()
    return achievement


@transaction.atomic
def achievement_celebrate(
    *, achievement: Achievement, by: Worker, celebrated_on: date, how_celebrated: str
) -> Achievement:
    """Record when and how an achievement was celebrated."""
    achievement = Achievement.objects.select_for_update(of=("self",)).select_related("young_person").get(pk=achievement.pk)
    check_may_record(by, achievement.young_person, Record.ACHIEVEMENT)
    achievement.celebrated_on = celebrated_on
    achievement.how_celebrated = how_celebrated.strip()
    errors = {}
    if celebrated_on > timezone.localdate():
        errors["celebrated_on"] = "The date it was celebrated must be today or in the past."
    elif celebrated_on < achievement.achieved_on:
        errors["celebrated_on"] = "The date it was celebrated must be on or after the date of the achievement."
    if not achievement.how_celebrated:
        errors["how_celebrated"] = "Enter how it was celebrated."
    _check(achievement, errors)
    achievement.save(update_fields=["celebrated_on", "how_celebrated"])
    return achievement
