"""Writes to casework records. Keyword-only, typed, validated before they save."""
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from .models import (
    Allocation,
    CallbackAttempt,
    CallbackRequest,
    CarePlanVersion,
    Concern,
    ConcernResponse,
    Contact,
    ContactKind,
    HealthCheck,
    GrantPayment,
    Placement,
    Role,
    Worker,
    YoungPerson,
)
from .recording import Record, check_may_answer_concern, check_may_record
from .templatetags.money import pounds


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
    check_may_record(worker, young_person, Record.CONTACT)
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
    request = CallbackRequest.objects.select_for_update().select_related("young_person").get(pk=request.pk)
    check_may_record(worker, request.young_person, Record.CALLBACK_ATTEMPT)
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
    check_may_record(written_by, young_person, Record.CARE_PLAN)
    young_person = _lock(young_person)
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
    version = CarePlanVersion.objects.select_for_update().select_related("young_person").get(pk=version.pk)
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
    check_may_record(recorded_by, young_person, Record.PLACEMENT)
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


# ---------------------------------------------------------------------------------------------------------------
# Worries, complaints and asking for an advocate
# ---------------------------------------------------------------------------------------------------------------


@transaction.atomic
def concern_raise(*, young_person: YoungPerson, kind: str, audience: str, text: str, now: datetime) -> Concern:
    """A young person raises a worry, makes a complaint or asks for an advocate, and chooses who sees it."""
    concern = Concern(young_person=young_person, kind=kind, audience=audience, text=text, raised_at=now)
    concern.full_clean()
    concern.save()
    return concern


def _locked_concern(concern: Concern) -> Concern:
    return (Concern.objects.select_for_update(of=("self",)).select_related("young_person", "acknowledged_by")
            .get(pk=concern.pk))


def _acknowledge(concern: Concern, worker: Worker, now: datetime) -> None:
    concern.acknowledged_at = now
    concern.acknowledged_by = worker
    concern.status = Concern.Status.ACKNOWLEDGED


@transaction.atomic
def concern_acknowledge(*, concern: Concern, worker: Worker, now: datetime) -> Concern:
    """A member of staff says they are looking at it. Only once: the first acknowledgement is the one kept."""
    concern = _locked_concern(concern)
    check_may_answer_concern(worker, concern)
    if concern.acknowledged_at is not None:
        who = concern.acknowledged_by.name if concern.acknowledged_by else "Someone"
        raise ValidationError(
            f"{who} already acknowledged this on {timezone.localtime(concern.acknowledged_at):%-d %B %Y at %H:%M}."
        )
    _acknowledge(concern, worker, now)
    concern.full_clean()
    concern.save(update_fields=["acknowledged_at", "acknowledged_by", "status"])
    return concern


@transaction.atomic
def concern_respond(
    *, concern: Concern, worker: Worker, text: str, now: datetime, resolves: bool
) -> ConcernResponse:
    """A member of staff replies to the young person. A reply acknowledges the concern if nobody had yet; a reply
    that answers it (`resolves`) marks it answered. An answered concern takes no more replies."""
    concern = _locked_concern(concern)
    check_may_answer_concern(worker, concern)
    if concern.status == Concern.Status.RESOLVED:
        raise ValidationError(
            f"This was answered on {timezone.localtime(concern.resolved_at):%-d %B %Y at %H:%M}. "
            "It takes no more replies."
        )
    response = ConcernResponse(concern=concern, worker=worker, text=text, written_at=now)
    response.full_clean()
    fields = []
    if concern.acknowledged_at is None:
        _acknowledge(concern, worker, now)
        fields += ["acknowledged_at", "acknowledged_by", "status"]
    if resolves:
        concern.status = Concern.Status.RESOLVED
        concern.resolved_at = now
        fields += ["status", "resolved_at"]
    if fields:
        concern.full_clean()
        concern.save(update_fields=sorted(set(fields)))
    response.save()
    return response


# ---------------------------------------------------------------------------------------------------------------
# The leaving care grant (setting-up-home allowance)
# ---------------------------------------------------------------------------------------------------------------

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
    young_person = YoungPerson.objects.select_for_update(of=("self",)).select_related("council").get(
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


@transaction.atomic
def health_check_record(
    *, young_person: YoungPerson, recorded_by: Worker, kind: str, checked_on: date, sdq_score: int | None, note: str
) -> HealthCheck:
    """Record a health assessment, dental or optician check or SDQ; the ledger's health clocks move."""
    check_may_record(recorded_by, young_person, Record.HEALTH_CHECK)
    check = HealthCheck(young_person=young_person, recorded_by=recorded_by, kind=kind, checked_on=checked_on,
                        sdq_score=sdq_score, note=note)
    check.full_clean()
    check.save()
    return check
