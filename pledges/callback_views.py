"""A young person's 'call me back' request: the form, with the number to ring, and once asked, how it is going."""
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.shortcuts import redirect, render
from django.utils import timezone

from casework.contacts.forms import CallbackRequestForm
from casework.contacts.services import callback_phone_suggested, callback_request_create
from casework.form_parts import _add_errors, posted
from casework.models import CallbackAttempt, CallbackRequest

from . import status
from .feedback import worker_word
from .models import LedgerEntry
from .people import covering_for, main_worker_for
from .views import _own_young_person


def callback_request_new(request):
    """'Ask my social worker to call me'. With a request open, the page shows it instead: the number we will ring,
    when we promised to call by, and each time we tried. Either way it says who is covering when their worker is
    away. A fixed number of queries, however many attempts."""
    young_person = _own_young_person(request)
    today = timezone.localdate()
    requests = list(young_person.callback_requests.order_by("-requested_at").prefetch_related(
        Prefetch("attempts", queryset=CallbackAttempt.objects.order_by("attempted_at")))[:1])
    latest = requests[0] if requests else None
    context = {"worker_word": worker_word(young_person), "young_person": young_person,
               "covering": covering_for(main_worker_for(young_person), young_person, today=today)}
    if latest is not None and latest.status == CallbackRequest.Status.OPEN:
        # A second request while one is open would only be refused (one open at a time): show the open one.
        clock = callback_clock(latest)
        return render(request, "pledges/callback_status.html", {
            **context, "callback": latest, "asked": time_words(latest.requested_at, today),
            "promise": _promise_words(clock, today), "clock": clock,
            "clock_words": clock.explanation.rstrip(".") if clock else "",
            "attempts": [attempt_words(attempt, today) for attempt in latest.attempts.all()],
        })
    form = CallbackRequestForm(posted(request), initial={"phone": callback_phone_suggested(young_person)})
    if request.method == "POST" and form.is_valid():
        try:
            callback = callback_request_create(young_person=young_person, now=timezone.now(), **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, "We have your request. " + _promise_words(callback_clock(callback), today))
            return redirect("callback_request_new")
    return render(request, "pledges/callback_request.html", {
        **context, "form": form, "last_callback": latest,
        "last_attempts": [attempt_words(attempt, today) for attempt in latest.attempts.all()] if latest else [],
    })


def time_words(moment, today) -> str:
    """"4:10pm on Tuesday 3 December" (the year only when it is not this year), in the council's time."""
    at = timezone.localtime(moment)
    return f"{at.hour % 12 or 12}:{at:%M}{'am' if at.hour < 12 else 'pm'} on {status.day_words(at.date(), today)}"


def attempt_words(attempt: CallbackAttempt, today) -> str:
    """"We tried to ring you at 4:10pm on Tuesday 3 December" or "We spoke to you at ..."."""
    when = time_words(attempt.attempted_at, today)
    if attempt.outcome == CallbackAttempt.Outcome.REACHED:
        return f"We spoke to you at {when}."
    return f"We tried to ring you at {when}."


def callback_clock(callback) -> LedgerEntry | None:
    """The ledger row the request started: when we promised to call by, and how that date was worked out."""
    return (LedgerEntry.objects.filter(young_person_id=callback.young_person_id, trigger_id=callback.pk,
                                       measure__params__counts="callback")
            .order_by("due_on").first())


def _promise_words(entry: LedgerEntry | None, today) -> str:
    """'We will call you back by Wednesday 30 December', from the ledger row the request started."""
    if entry is None:
        return "Your worker will call you back as soon as they can."
    if entry.due_on < today:
        return f"We promised to call you back by {status.day_words(entry.due_on, today)}. We are late, and we are sorry."
    return f"We will call you back by {status.day_words(entry.due_on, today)}."
