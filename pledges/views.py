"""The pages that say what a council has promised: a young person's pledge and their people.

A young person reaches their own pages at /my-pledge/ and /my-people/; staff reach the same pages
for a young person they may see at /young-people/<id>/... Both go through casework.people.scoping.
"""
from django.db.models import Prefetch, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone

from casework.models import Role
from casework.accounts.invitations import invitation_status
from casework.people.recording import Record, recording_rights
from casework.people.scoping import get_visible_young_person, worker_for, young_person_for

from . import status
from .feedback import FEEDBACK_COUNTS, attach_feedback, reply_clocks, worker_word
from .models import AppliesTo, Basis, LedgerEntry, Pledge, Promise
from .people import people_for


def home(request):
    """Send each person to where they start: a young person to their pledge, an IRO to their reviews, other
    staff to their list."""
    if young_person_for(request.user) is not None:
        return redirect("my_pledge")
    if (worker := worker_for(request.user)) is not None:
        return redirect("iro_reviews" if worker.role == Role.IRO else "caseload")
    if request.user.is_staff:
        return redirect("admin:index")
    raise Http404("There is nothing here for this account")


def _own_young_person(request):
    young_person = young_person_for(request.user)
    if young_person is None:
        raise Http404("Only a young person has their own pledge page")
    return young_person


def my_pledge(request):
    return _pledge_page(request, _own_young_person(request), own=True)


def my_people(request):
    return _people_page(request, _own_young_person(request), own=True)


def young_person_pledge(request, pk):
    return _pledge_page(request, get_visible_young_person(request.user, pk), own=False)


def young_person_people(request, pk):
    return _people_page(request, get_visible_young_person(request.user, pk), own=False)


def _pledge_page(request, young_person, *, own):
    """The council's pledge in force, section by section, only the promises for this young person, each with
    its live status and what the young person last told us about it."""
    today = timezone.localdate()
    applies = AppliesTo.for_young_person(young_person, today)
    pledge = Pledge.objects.in_force(young_person.council, today)
    sections = []
    principles = []
    if pledge is not None:
        promises = Promise.objects.filter(applies_to__in=applies).order_by("order")
        sections = [
            section
            for section in pledge.sections.filter(applies_to__in=applies)
            .prefetch_related(Prefetch("promises", queryset=promises))
            .order_by("order")
            if section.promises.all() or section.introduction or section.notes
        ]
        principles = list(pledge.principles.order_by("order"))
    word = worker_word(young_person)
    # Staff who may invite the young person (casework.people.recording) see where their Pledge Portal account stands.
    invite = not own and recording_rights(request).may(young_person, Record.INVITATION)
    live, clocks = _live_statuses_by_promise(young_person, today, worker_word=word,
                                             measuring_from=young_person.council.measuring_from)
    promises = [promise for section in sections for promise in section.promises.all()]
    for promise in promises:
        promise.live = live.get(promise.pk)
    attach_feedback(promises, young_person, clocks, today)
    return render(request, "pledges/pledge.html", {
        "young_person": young_person,
        "own": own,
        "pledge": pledge,
        "sections": sections,
        "principles": principles,
        "worker_word": word,
        "overdue": [s for s in live.values() if s.state == LedgerEntry.State.OVERDUE],
        "invite": invite,
        "status": invitation_status(young_person, timezone.now()) if invite else None,
    })


def _live_statuses_by_promise(young_person, today, *, worker_word, measuring_from=None):
    """The open ledger row behind each measured promise, in words, and the open reply clocks of the young
    person's answers about promises (by answer), from one query. Where a promise has both a legal minimum
    and the council's own promise, the young person sees the council's promise (the stricter one)."""
    entries = (
        LedgerEntry.objects.filter(young_person=young_person, status=LedgerEntry.Status.OPEN)
        .filter(Q(measure__promise__isnull=False) | Q(measure__params__counts=FEEDBACK_COUNTS))
        .select_related("measure")
        .order_by("measure__basis", "due_on")
    )
    live, answered = {}, []
    for entry in entries:
        if entry.measure.params.get("counts") == FEEDBACK_COUNTS:
            answered.append(entry)
            continue
        promise_id = entry.measure.promise_id
        current = live.get(promise_id)
        if current is None or (current.entry.measure.basis == Basis.STATUTORY and entry.measure.basis == Basis.PLEDGE):
            live[promise_id] = status.for_young_person(entry, today, worker_word=worker_word,
                                                       measuring_from=measuring_from)
    return live, reply_clocks(answered)


def _people_page(request, young_person, *, own):
    return render(request, "pledges/people.html", {
        "young_person": young_person,
        "own": own,
        **people_for(young_person, today=timezone.localdate()),
    })
