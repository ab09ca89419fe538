"""Writes to worries, complaints and requests for an advocate: raising, acknowledging, answering."""
from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from casework.people.models import Worker, YoungPerson

from .models import Concern, ConcernAddition, ConcernResponse
from .scoping import check_may_answer_concern


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


@transaction.atomic
def concern_addition_add(*, concern: Concern, young_person: YoungPerson, text: str, now: datetime) -> ConcernAddition:
    """The young person adds to their worry after sending it. Only their own, and only until it is answered.
    Whoever it was sent to is told (notifications.concern_additions, on save)."""
    concern = _locked_concern(concern)
    if concern.young_person_id != young_person.pk:
        raise PermissionDenied("You can only add to your own worries.")
    if not concern.takes_additions:
        raise ValidationError({"text": "This has been answered, so you cannot add to it. If you are still worried, "
                                       "tell us again."})
    addition = ConcernAddition(concern=concern, text=text, written_at=now)
    addition.full_clean()
    addition.save()
    return addition
