"""Writes to contacts and call-backs. Keyword-only, typed, validated before they save."""
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from casework.people.models import Worker, YoungPerson
from casework.people.recording import Record, check_may_record
from casework.phone import uk_phone_normalise

from .models import CallbackAttempt, CallbackRequest, Contact, ContactKind


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
def callback_request_create(
    *, young_person: YoungPerson, message: str, best_time: str, now: datetime, phone: str = ""
) -> CallbackRequest:
    """A young person asks to be called back on the number they confirmed. Only one may be open at a time (also a
    database constraint). The number is kept on the request (the one to ring for this call) and becomes their stored
    number, so the form offers it next time. The form always asks for one; empty (a request made before the form
    asked) means the number on their file."""
    if open_callback_request(young_person) is not None:
        raise ValidationError("You have already asked us to call you back. We will call you soon.")
    try:
        phone = uk_phone_normalise(phone) if phone else ""
    except ValidationError as error:
        raise ValidationError({"phone": error.messages}) from error
    request = CallbackRequest(young_person=young_person, phone=phone, message=message, best_time=best_time,
                              requested_at=now)
    request.full_clean()
    request.save()
    if phone and young_person.phone != phone:
        # Only the number changes, and it was checked above: the rest of their record (perhaps imported with gaps
        # the council has yet to fill) must not stop them being called.
        young_person.phone = phone
        young_person.save(update_fields=["phone"])
    return request


def callback_phone_suggested(young_person: YoungPerson) -> str:
    """The number the form offers: their stored number, else the one they gave last time."""
    if young_person.phone:
        return young_person.phone
    return young_person.callback_requests.exclude(phone="").values_list("phone", flat=True).first() or ""


@transaction.atomic
def callback_attempt_record(
    *, request: CallbackRequest, worker: Worker, outcome: str, note: str, now: datetime
) -> CallbackAttempt:
    """A worker tried to call back. Reaching the young person closes the request; not reaching them keeps
    the request (and its clock) open."""
    request = CallbackRequest.objects.select_for_update(of=("self",)).select_related("young_person").get(pk=request.pk)
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
