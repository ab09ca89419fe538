"""Young people's voice on each promise: "Is this promise being kept for you?", and the staff pages that answer.

A young person answers about a promise on their own pledge page: one of the pledge in force that applies to them
(any other id is a 404). Staff see the answers of the young people casework.people.scoping lets them see, those waiting
for a reply first, and reply once to each; young people get a 404 on those pages.
"""
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Case, Q, Value, When
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from casework.audit.models import audit_young_people, audit_young_person
from casework.people.recording import Record, get_recording_worker_or_403
from casework.people.scoping import get_worker_or_404, visible_young_people
from casework.form_parts import _add_errors

from . import status
from .feedback import feedback_visible_to, open_reply_clocks, thanks, worker_word
from .forms import PromiseFeedbackForm, PromiseFeedbackReplyForm
from .models import Pledge, Promise, PromiseFeedback
from .right_now.page import promises_open
from .services import already_replied, promise_feedback_give, promise_feedback_reply
from .views import _own_young_person

# Enough for months of answers on one page; older ones are kept but not listed.
SHOWN = 200
# An answer waits for a reply when it is a "no" or "not really" that says why (PromiseFeedback.needs_reply) and nobody
# has replied.
WAITING = Q(answer__in=PromiseFeedback.OWED_A_REPLY, replied_at__isnull=True) & ~Q(comment="")


def _promise_on_pledge_page(young_person, pk, today) -> Promise:
    """A promise the young person's pledge page shows them: in the pledge in force, for someone like them."""
    pledge = Pledge.objects.in_force(young_person.council, today)
    if pledge is None:
        raise Http404("There is no pledge in force")
    return get_object_or_404(
        promises_open(young_person=young_person, pledge=pledge, today=today).select_related("section"), pk=pk)


def feedback_new(request, promise_pk):
    """"Is this promise being kept for you?": Yes, Not really or No, and what is happening if they want to say."""
    young_person = _own_young_person(request)
    today = timezone.localdate()
    promise = _promise_on_pledge_page(young_person, promise_pk, today)
    form = PromiseFeedbackForm(request.POST if request.method == "POST" else None,
                               worker_word=worker_word(young_person))
    if request.method == "POST" and form.is_valid():
        try:
            feedback = promise_feedback_give(young_person=young_person, promise=promise, now=timezone.now(),
                                             **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, thanks(feedback))
            # Back to the promise they answered about, its folded section opened by the link (issue 15).
            return redirect(f"{reverse('my_pledge')}#promise-{promise.pk}")
    same_promise = Q(promise__ref=promise.ref) if promise.ref else Q(promise=promise)
    last = young_person.promise_feedback.filter(same_promise).order_by("-given_at", "-pk").first()
    return render(request, "pledges/feedback_new.html", {
        "form": form, "promise": promise, "last": last,
        "last_on": status.short_day_words(timezone.localtime(last.given_at).date(), today) if last else "",
    })


@require_GET
def feedback_list(request):
    """What young people say about the promises, for the young people this member of staff may see: answers
    waiting for a reply first, then the rest, newest first. Two queries of its own however many."""
    get_worker_or_404(request.user)
    today = timezone.localdate()
    answers = list(
        feedback_visible_to(request.user).select_related("young_person", "promise", "replied_by")
        .annotate(waiting=Case(When(WAITING, then=Value(True)), default=Value(False)))
        .order_by("-waiting", "-given_at", "-pk")[: SHOWN + 1]
    )
    clocks = open_reply_clocks(visible_young_people(request.user))
    for answer in answers:
        answer.clock = status.for_worker(clocks[answer.pk], today) if answer.pk in clocks else None
    shown = answers[:SHOWN]
    audit_young_people(request, [answer.young_person_id for answer in shown])
    return render(request, "pledges/feedback_list.html", {
        "waiting": [answer for answer in shown if answer.waiting],
        "others": [answer for answer in shown if not answer.waiting],
        "more": len(answers) > SHOWN, "shown": SHOWN,
    })


def feedback_reply(request, pk):
    """One answer, with the promise, and the reply form (once: a reply cannot be changed). Posts here."""
    feedback = get_object_or_404(
        feedback_visible_to(request.user).select_related("young_person", "promise", "replied_by"), pk=pk
    )
    worker = get_recording_worker_or_403(request, feedback.young_person, Record.FEEDBACK_REPLY)
    audit_young_person(request, feedback.young_person)
    form = PromiseFeedbackReplyForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if feedback.replied_at is not None:  # say so plainly, rather than a form that is not shown
            messages.info(request, already_replied(feedback))
            return redirect("feedback_reply", pk=feedback.pk)
        if form.is_valid():
            try:
                promise_feedback_reply(feedback=feedback, worker=worker, now=timezone.now(), **form.cleaned_data)
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(request, f"Your reply to {feedback.young_person.full_name} has been sent. They "
                                          "will see it beside the promise on their pledge page.")
                return redirect("feedback_list")
    today = timezone.localdate()
    clock = open_reply_clocks([feedback.young_person_id]).get(feedback.pk)
    feedback.clock = status.for_worker(clock, today) if clock else None
    return render(request, "pledges/feedback_reply.html", {
        "form": form, "feedback": feedback, "young_person": feedback.young_person,
    })
