"""The writes pledges owns: a young person's answer to "Is this promise being kept for you?" and the reply.

Saving either moves the reply clock on the ledger (pledges.signals) in the same transaction; a new answer that
needs a reply is sent to the worker and their manager by notifications.feedback.
"""
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from casework.models import Worker, YoungPerson
from casework.people.recording import Record, check_may_record

from .models import Promise, PromiseFeedback


@transaction.atomic
def promise_feedback_give(
    *, young_person: YoungPerson, promise: Promise, answer: str, comment: str, now: datetime
) -> PromiseFeedback:
    """A young person says whether a promise is being kept for them. Answering again adds a new answer: the latest
    counts, and every earlier one is kept (a "no" with a comment is still owed its reply)."""
    feedback = PromiseFeedback(young_person=young_person, promise=promise, answer=answer, comment=comment,
                               given_at=now)
    feedback.full_clean()
    feedback.save()
    return feedback


def already_replied(feedback: PromiseFeedback) -> str:
    who = feedback.replied_by.name if feedback.replied_by else "Someone"
    return (f"{who} already replied to this on {timezone.localtime(feedback.replied_at):%-d %B %Y at %H:%M}. "
            "A reply cannot be changed.")


@transaction.atomic
def promise_feedback_reply(*, feedback: PromiseFeedback, worker: Worker, reply: str, now: datetime) -> PromiseFeedback:
    """A member of staff replies to an answer; the young person reads it beside the promise, and the reply clock
    stops. One reply each: it cannot be changed or replaced once the young person may have read it."""
    feedback = (PromiseFeedback.objects.select_for_update(of=("self",))
                .select_related("young_person", "promise__section__pledge", "replied_by").get(pk=feedback.pk))
    check_may_record(worker, feedback.young_person, Record.FEEDBACK_REPLY)
    if feedback.replied_at is not None:
        raise ValidationError(already_replied(feedback))
    feedback.reply, feedback.replied_at, feedback.replied_by = reply, now, worker
    feedback.full_clean()
    feedback.save(update_fields=["reply", "replied_at", "replied_by"])
    return feedback
