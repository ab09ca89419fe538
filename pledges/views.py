"""The pages that say what a council has promised: a young person's pledge and their people.

A young person reaches their own pages at /my-pledge/ and /my-people/; staff reach the same pages
for a young person they may see at /young-people/<id>/... Both go through casework.people.scoping.
"""
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone

from casework.models import Role
from casework.accounts.invitations import invitation_status
from casework.people.recording import Record, recording_rights
from casework.people.scoping import get_visible_young_person, worker_for, young_person_for

from .feedback import worker_word
from .models import Pledge
from .people import people_for
from .right_now.page import pledge_promises
from .right_now.replies import replies_for
from .right_now.service import REPLY_DAYS, right_now_summary
from .right_now.visits import pledge_page_visit_record


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
    """Right now first (what is late, what is coming up, replies for them), then the council's pledge in force
    grouped by the young person's stage, each promise with its live status and what the young person last told
    us about it (pledges.right_now)."""
    today, now = timezone.localdate(), timezone.now()
    pledge = Pledge.objects.in_force(young_person.council, today)
    word = worker_word(young_person)
    page = pledge_promises(young_person=young_person, pledge=pledge, today=today, worker_word=word)
    # Only the young person's own visits count; replies to their worries are theirs to read (staff see the
    # concerns they may see on the concern pages).
    visit = (pledge_page_visit_record(young_person=young_person, session=request.session, now=now)
             if own and request.method == "GET" else None)
    summary = right_now_summary(
        promises=page.promises, replies=replies_for(young_person, now=now, days=REPLY_DAYS) if own else [],
        today=today, now=now, seen_before=visit.seen_before if visit else None)
    # Staff who may invite the young person (casework.people.recording) see where their Pledge Portal account stands.
    invite = not own and recording_rights(request).may(young_person, Record.INVITATION)
    return render(request, "pledges/pledge.html", {
        "young_person": young_person,
        "own": own,
        "pledge": pledge,
        "sections": page.open_sections,
        "later_sections": page.later_sections,
        "principles": list(pledge.principles.order_by("order")) if pledge else [],
        "worker_word": word,
        "right_now": summary,
        "welcome": visit is not None and visit.first,
        "invite": invite,
        "status": invitation_status(young_person, timezone.now()) if invite else None,
    })


def _people_page(request, young_person, *, own):
    return render(request, "pledges/people.html", {
        "young_person": young_person,
        "own": own,
        **people_for(young_person, today=timezone.localdate()),
    })
