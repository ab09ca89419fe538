"""Writes for leaving care: needs assessments, pathway plans, going back into education, careers meetings.

Keyword-only, typed, validated before they save. Our own checks raise ValidationError({field: message}) first,
then full_clean(). Pathway plans follow the care plan's pattern: a saved version is never edited, an update is
the next version number (the young person's row is locked while it is numbered), and the only change a saved
version allows is recording, once, when they were given a copy.
"""
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.db.models.functions import Coalesce

from casework.people.models import Role, Worker, YoungPerson
from casework.people.recording import Record, check_may_record
from casework.people.services import lock_young_person
from casework.templatetags.money import pounds

from .in_touch import birthday_at, birthday_checked, year_ending
from .models import (
    CareersMeeting,
    CareLeaverYearlyOutcome,
    GrantPayment,
    NeedsAssessment,
    PathwayPlanVersion,
    ReturnToEducationRequest,
)

PATHWAY_PLANNING_AGE = 16
RETURN_TO_EDUCATION_AGES = (18, 25)
PATHWAY_PLANNING_STARTS = "Pathway planning starts at 16"
RETURN_TO_EDUCATION_AGE_ERROR = "Help to go back into education or training is for ages 18 to 25."


def _day_error(young_person: YoungPerson, day: date | None, what: str) -> str | None:
    """The shared date rule: not in the future, not before they were born."""
    if day is None:
        return None
    if day > date.today():
        return f"{what} must be today or in the past."
    if day < young_person.date_of_birth:
        return f"{what} must be on or after their date of birth ({young_person.date_of_birth:%-d %B %Y})."
    return None


def _from_16_error(young_person: YoungPerson, day: date) -> str | None:
    age = young_person.age_on(day)
    if age < PATHWAY_PLANNING_AGE:
        return f"{PATHWAY_PLANNING_STARTS}. {young_person.full_name} was {age} on that day."
    return None


def _raise(errors: dict[str, str]) -> None:
    if errors:
        raise ValidationError(errors)


def _same_council(worker: Worker, young_person: YoungPerson, field: str, errors: dict[str, str]) -> None:
    if worker.council_id != young_person.council_id:
        errors[field] = "It must be recorded by a worker from the young person's council."


@transaction.atomic
def needs_assessment_record(
    *, young_person: YoungPerson, recorded_by: Worker, completed_on: date, summary: str
) -> NeedsAssessment:
    """Record a completed needs assessment (from 16; due within 3 months of their 16th birthday)."""
    check_may_record(recorded_by, young_person, Record.PATHWAY_PLAN)
    errors: dict[str, str] = {}
    error = _day_error(young_person, completed_on, "The date the assessment was completed")
    if error is None and completed_on is not None:
        error = _from_16_error(young_person, completed_on)
    if error:
        errors["completed_on"] = error
    _same_council(recorded_by, young_person, "recorded_by", errors)
    _raise(errors)
    assessment = NeedsAssessment(young_person=young_person, recorded_by=recorded_by, completed_on=completed_on,
                                 summary=summary)
    assessment.full_clean()
    assessment.save()
    return assessment


@transaction.atomic
def pathway_plan_version_create(
    *, young_person: YoungPerson, written_by: Worker, agreed_on: date, for_return_to_education: bool = False,
    **sections: str,
) -> PathwayPlanVersion:
    """Save a new version of the pathway plan. Versions are never edited: an update is the next version number.

    `sections` are the plan's words: goals, home, education_and_work, money, health_and_wellbeing.
    `for_return_to_education` marks a plan made because they want to go back into education or training,
    which is for ages 18 to 25.
    """
    check_may_record(written_by, young_person, Record.PATHWAY_PLAN)
    errors: dict[str, str] = {}
    error = _day_error(young_person, agreed_on, "The date the plan was agreed")
    if error is None and agreed_on is not None:
        error = _from_16_error(young_person, agreed_on)
        if error is None and for_return_to_education:
            low, high = RETURN_TO_EDUCATION_AGES
            if not low <= young_person.age_on(agreed_on) <= high:
                errors["for_return_to_education"] = (
                    f"A new plan for going back into education or training is for ages {low} to {high}. "
                    f"{young_person.full_name} was {young_person.age_on(agreed_on)} on the day it was agreed."
                )
    if error:
        errors["agreed_on"] = error
    _same_council(written_by, young_person, "written_by", errors)
    _raise(errors)
    young_person = lock_young_person(young_person)
    last = young_person.pathway_plan_versions.order_by("-version").values_list("version", flat=True).first()
    version = PathwayPlanVersion(young_person=young_person, written_by=written_by, agreed_on=agreed_on,
                                 for_return_to_education=for_return_to_education, version=(last or 0) + 1,
                                 **sections)
    version.full_clean()
    version.save()
    return version


@transaction.atomic
def pathway_plan_copy_given(*, version: PathwayPlanVersion, by: Worker, given_on: date) -> PathwayPlanVersion:
    """Record when the young person was given a copy of this version: the only change a saved version allows,
    and only once."""
    version = PathwayPlanVersion.objects.select_for_update(of=("self",)).select_related("young_person").get(pk=version.pk)
    check_may_record(by, version.young_person, Record.PATHWAY_PLAN)
    if version.copy_given_on is not None:
        raise ValidationError(
            f"You have already recorded that they were given a copy of version {version.version} "
            f"on {version.copy_given_on:%-d %B %Y}."
        )
    if given_on is not None:
        if given_on > date.today():
            _raise({"copy_given_on": "The date they were given a copy must be today or in the past."})
        if given_on < version.agreed_on:
            _raise({"copy_given_on": (
                "The date they were given a copy must be on or after the day the plan was agreed "
                f"({version.agreed_on:%-d %B %Y})."
            )})
    version.copy_given_on = given_on
    version.full_clean()
    version.save(update_fields=["copy_given_on"])
    return version


@transaction.atomic
def return_to_education_request(
    *, young_person: YoungPerson, what: str, asked_on: date
) -> ReturnToEducationRequest:
    """A care leaver aged 18 to 25 says they want to go back into education or training. Their personal
    adviser then makes a new pathway plan with them."""
    error = _day_error(young_person, asked_on, "The date you asked")
    if error:
        _raise({"asked_on": error})
    low, high = RETURN_TO_EDUCATION_AGES
    if asked_on is not None and not low <= young_person.age_on(asked_on) <= high:
        raise ValidationError(RETURN_TO_EDUCATION_AGE_ERROR, code="age")
    request = ReturnToEducationRequest(young_person=young_person, what=what.strip(), asked_on=asked_on)
    request.full_clean()
    request.save()
    return request


@transaction.atomic
def careers_meeting_record(
    *, young_person: YoungPerson, by: Worker, offered_on: date, taken_up: bool | None, met_on: date | None = None
) -> CareersMeeting:
    """Record a meeting with the careers adviser offered, whether it was taken up (None: not yet) and when
    they met."""
    check_may_record(by, young_person, Record.PATHWAY_PLAN)
    errors: dict[str, str] = {}
    error = _day_error(young_person, offered_on, "The date the meeting was offered")
    if error:
        errors["offered_on"] = error
    if met_on is not None:
        if taken_up is not True:
            errors["met_on"] = "Only enter the date they met if they took up the meeting."
        elif met_on > date.today():
            errors["met_on"] = "The date they met must be today or in the past."
        elif offered_on is not None and met_on < offered_on:
            errors["met_on"] = (
                f"The date they met must be on or after the day it was offered ({offered_on:%-d %B %Y})."
            )
    elif taken_up is True:
        errors["met_on"] = "Enter the date they met the careers adviser."
    _raise(errors)
    meeting = CareersMeeting(young_person=young_person, offered_on=offered_on, taken_up=taken_up, met_on=met_on)
    meeting.full_clean()
    meeting.save()
    return meeting


@transaction.atomic
def in_touch_check_record(*, young_person: YoungPerson, by: Worker, checked_on: date,
                          in_touch: str) -> CareLeaverYearlyOutcome:
    """Record whether the council is in touch with a care leaver around a 17th to 21st birthday (SSDA903 OC3
    IN_TOUCH): the year's OC3 row for that birthday, made or updated (what they do and where they live, from the
    return, are kept). It answers the ledger's in-touch clock for the birthday."""
    check_may_record(by, young_person, Record.PATHWAY_PLAN)
    errors: dict[str, str] = {}
    error = _day_error(young_person, checked_on, "The date of the check")
    age = birthday_checked(young_person.date_of_birth, checked_on) if checked_on else None
    if error:
        errors["checked_on"] = error
    elif checked_on and age is None:
        errors["checked_on"] = ("An in-touch check is for the months around the 17th to 21st birthdays: the date "
                                "must be from 3 months before the 17th birthday to 3 months before the 22nd.")
    _raise(errors)
    outcome = (CareLeaverYearlyOutcome.objects.filter(
        young_person=young_person, year_ending=year_ending(birthday_at(young_person.date_of_birth, age))).first()
        or CareLeaverYearlyOutcome(young_person=young_person,
                                   year_ending=year_ending(birthday_at(young_person.date_of_birth, age))))
    outcome.checked_on, outcome.in_touch, outcome.recorded_by = checked_on, in_touch, by
    outcome.full_clean()
    outcome.save()
    return outcome


GRANT_NOT_SET = "The council's leaving care grant is not set. Ask a manager to set it."
AMOUNT_NOT_POSITIVE = "The amount must be more than £0."


def grant_balance(young_person: YoungPerson) -> dict[str, int | None]:
    """The council's grant, what has been paid from it and what is left, in pence, in one query.

    `grant` and `balance` are None while the council has not set its grant. `balance` is below 0 when a manager
    approved paying more than was left.
    """
    row = (
        YoungPerson.objects.filter(pk=young_person.pk)
        .annotate(paid=Coalesce(Sum("grant_payments__amount_pence"), 0))
        .values("council__leaving_care_grant_pence", "paid")
        .get()
    )
    grant, paid = row["council__leaving_care_grant_pence"], row["paid"]
    return {"grant": grant, "paid": paid, "balance": None if grant is None else grant - paid}


@transaction.atomic
def grant_payment_record(
    *, young_person: YoungPerson, recorded_by: Worker, paid_on: date, amount_pence: int, what_for: str,
    approved_by: Worker | None = None, reason: str = "",
) -> GrantPayment:
    """Record a payment from a young person's leaving care grant.

    A payment over what is left of the grant is refused unless `approved_by` is a manager of the young person's
    council and gives a `reason`; the approval is kept with the payment. An approval given for a payment that is
    within the balance is not needed and is not recorded. The young person's row is locked first, so two payments
    recorded at once queue up and the second is checked against the balance the first left.
    """
    check_may_record(recorded_by, young_person, Record.GRANT_PAYMENT)
    young_person = YoungPerson.objects.select_for_update(of=("self",), no_key=True).select_related("council").get(
        pk=young_person.pk)
    balance = grant_balance(young_person)
    if balance["grant"] is None:
        raise ValidationError(GRANT_NOT_SET, code="grant_not_set")
    if not isinstance(amount_pence, int) or amount_pence <= 0:
        raise ValidationError({"amount_pence": ValidationError(AMOUNT_NOT_POSITIVE, code="min_value")})
    payment = GrantPayment(young_person=young_person, recorded_by=recorded_by, paid_on=paid_on,
                           amount_pence=amount_pence, what_for=what_for)
    payment.full_clean()  # the date, what for and who recorded it, before the balance
    left = balance["balance"]
    if amount_pence > left:
        over = (f"This payment of {pounds(amount_pence)} is more than what is left of the grant "
                f"({pounds(max(left, 0))}).")
        if approved_by is None:
            raise ValidationError(
                {"amount_pence": ValidationError(f"{over} A manager must approve it and give a reason.",
                                                 code="over_balance")})
        if approved_by.role != Role.MANAGER or approved_by.council_id != young_person.council_id:
            raise ValidationError(
                {"amount_pence": ValidationError(
                    f"{over} Only a manager from {young_person.council.short_name} can approve it.",
                    code="over_balance")})
        if not reason.strip():
            raise ValidationError({"over_balance_reason": ValidationError(
                "Enter why you are approving a payment over what is left of the grant.", code="reason_required")})
        payment.over_balance_approved_by = approved_by
        payment.over_balance_reason = reason.strip()
        payment.full_clean()
    payment.save()
    return payment
