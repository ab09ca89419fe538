"""Young people's answers to "Is this promise being kept for you?": what the pages read about them.

Writing an answer or a reply is pledges.services' job. Who may see which answers is casework.people.scoping's rule:
staff see the answers of the young people they may see, through visible_young_people.
"""
from django.db.models import QuerySet
from django.utils import timezone

from casework.models import Allocation, Role, YoungPerson
from casework.people.scoping import visible_young_people, worker_for

from . import status
from .models import LedgerEntry, Promise, PromiseFeedback

# The "counts" of the measure whose clock a "no" or "not really" with a comment starts (pledges.ledger.registry.COUNTS).
FEEDBACK_COUNTS = "feedback"


def worker_word(young_person: YoungPerson) -> str:
    """Who a young person's own worker is, in their words."""
    return "personal adviser" if young_person.is_care_leaver else "social worker"


def promise_key(promise: Promise):
    """The same promise keeps its ref in every version of the pledge, so an answer about last year's version
    still shows beside this year's. A promise without a ref is only itself."""
    return promise.ref or promise.pk


def feedback_visible_to(user) -> QuerySet[PromiseFeedback]:
    """Every answer this member of staff may see: those of the young people they may see. None for anyone
    without a Worker record (a young person reads their own through young_person.promise_feedback)."""
    if worker_for(user) is None:
        return PromiseFeedback.objects.none()
    return PromiseFeedback.objects.filter(young_person__in=visible_young_people(user))


def reply_clocks(entries) -> dict[int, LedgerEntry]:
    """Open reply clocks by the id of the answer that started them (the earliest due, should two measures count
    answers)."""
    clocks = {}
    for entry in sorted(entries, key=lambda e: e.due_on, reverse=True):
        clocks[entry.trigger_id] = entry
    return clocks


def open_reply_clocks(young_people) -> dict[int, LedgerEntry]:
    """The open reply clock of every answer waiting for a reply from these young people. One query."""
    return reply_clocks(LedgerEntry.objects.filter(
        young_person__in=young_people, status=LedgerEntry.Status.OPEN, measure__params__counts=FEEDBACK_COUNTS,
    ).select_related("measure"))


def reply_clock(feedback: PromiseFeedback) -> LedgerEntry | None:
    """The ledger row of the reply this answer is owed, if it started one. One query."""
    return reply_clocks(LedgerEntry.objects.filter(
        young_person_id=feedback.young_person_id, trigger_id=feedback.pk, measure__params__counts=FEEDBACK_COUNTS,
    )).get(feedback.pk)


def feedback_by_promise(young_person: YoungPerson) -> tuple[dict, dict]:
    """The young person's latest answer about each promise, and the latest reply they were given about it, both
    keyed by promise_key(). One query, however many times they have answered."""
    told, replies = {}, {}
    for feedback in young_person.promise_feedback.select_related("promise", "replied_by").order_by("-given_at", "-pk"):
        key = promise_key(feedback.promise)
        told.setdefault(key, feedback)
        if feedback.replied_at and (key not in replies or feedback.replied_at > replies[key].replied_at):
            replies[key] = feedback
    return told, replies


def attach_feedback(promises, young_person: YoungPerson, clocks: dict[int, LedgerEntry], today) -> None:
    """Give each promise on a pledge page `told` (the latest answer), `told_on` (its day in words), `reply` (the
    latest reply) and `reply_due` (the reply clock's status in words, while one is owed)."""
    told, replies = feedback_by_promise(young_person)
    for promise in promises:
        key = promise_key(promise)
        promise.told, promise.reply, promise.told_on, promise.reply_due = told.get(key), replies.get(key), "", None
        if promise.told is not None:
            promise.told_on = status.short_day_words(timezone.localtime(promise.told.given_at).date(), today)
            clock = clocks.get(promise.told.pk) if promise.told.replied_at is None else None
            if clock is not None:
                promise.reply_due = status.for_young_person(clock, today, worker_word=worker_word(young_person))


def thanks(feedback: PromiseFeedback) -> str:
    """What the young person reads once they have answered: warm, and, when they are owed a reply, who will
    reply and by when (from the clock their answer started)."""
    young_person = feedback.young_person
    word = worker_word(young_person)
    if feedback.answer == PromiseFeedback.Answer.YES:
        return "Thank you for telling us. We are glad this promise is being kept for you."
    if not feedback.needs_reply:
        more = " If you tell us what is happening, they will reply to you." if feedback.answer in PromiseFeedback.OWED_A_REPLY else ""
        return f"Thank you for telling us. Your {word} will see your answer.{more}"
    has_worker = Allocation.objects.filter(young_person=young_person, ended_on__isnull=True,
                                           role__in=[Role.SOCIAL_WORKER, Role.PERSONAL_ADVISER]).exists()
    who = f"Your {word}" if has_worker else "Someone from the team"
    entry = reply_clock(feedback)
    if entry is None:
        return f"Thank you for telling us. {who} will reply to you as soon as they can."
    return f"Thank you for telling us. {who} will reply by {status.day_words(entry.due_on, timezone.localdate())}."
