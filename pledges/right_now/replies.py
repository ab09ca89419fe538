"""Replies written to a young person lately, outside the pledge page itself: responses to their worries and our
attempts to call them back. (Replies to their answers about promises come with the page's promises:
pledges.feedback.attach_feedback.) Two queries, however many there are."""
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as date_format

from casework.models import CallbackAttempt, ConcernResponse

from .. import status


@dataclass(frozen=True)
class Reply:
    at: datetime
    words: str
    link_text: str
    href: str


def time_words(moment: datetime, today) -> str:
    """"4:10pm on Thursday 3 December"."""
    local = timezone.localtime(moment)
    return f"{date_format(local, 'g:iA').lower()} on {status.day_words(local.date(), today)}"


def first_name(worker) -> str:
    return worker.name.split()[0] if worker.name else "Someone"


def replies_for(young_person, *, now: datetime, days: int) -> list[Reply]:
    """The young person's replies from the last `days` days, newest first."""
    since, today = now - timedelta(days=days), timezone.localdate(now)
    replies = []
    # Only the columns the words need: on the page young people open most, building a query of every column of
    # the worker and the worry cost more than running it.
    for response in (ConcernResponse.objects.filter(concern__young_person=young_person, written_at__gte=since)
                     .select_related("worker", "concern").only("written_at", "concern__kind", "worker__name")):
        replies.append(Reply(
            at=response.written_at,
            words=f"{first_name(response.worker)} replied to {_what(response.concern)} "
                  f"({time_words(response.written_at, today)}).",
            link_text="Read the reply", href=reverse("my_concern", args=[response.concern_id])))
    for attempt in (CallbackAttempt.objects.filter(request__young_person=young_person, attempted_at__gte=since)
                    .select_related("worker").only("attempted_at", "outcome", "worker__name")):
        when = time_words(attempt.attempted_at, today)
        words = (f"We tried to ring you at {when}, but could not reach you."
                 if attempt.outcome == CallbackAttempt.Outcome.NOT_REACHED
                 else f"{first_name(attempt.worker)} called you back at {when}.")
        # While we have not reached them, the call-back page is where they see each attempt (and the number we rang).
        reached = attempt.outcome == CallbackAttempt.Outcome.REACHED
        replies.append(Reply(at=attempt.attempted_at, words=words, link_text="" if reached else "Your call back",
                             href="" if reached else reverse("callback_request_new")))
    return sorted(replies, key=lambda reply: reply.at, reverse=True)


def _what(concern) -> str:
    return {"worry": "your worry", "complaint": "your complaint"}.get(concern.kind, "your message")
