"""The pages that say what a council has promised: a young person's pledge and their people.

A young person reaches their own pages at /my-pledge/ and /my-people/; staff reach the same pages
for a young person they may see at /young-people/<id>/... Both go through casework.scoping.
"""
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone

from casework.scoping import get_visible_young_person, visible_young_people, worker_for, young_person_for

from .models import AppliesTo, Pledge, Promise
from .people import people_for


def home(request):
    """Send each person to where they start: a young person to their pledge, staff to their list."""
    if young_person_for(request.user) is not None:
        return redirect("my_pledge")
    if worker_for(request.user) is not None:
        return redirect("caseload")
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
    """The council's pledge in force, section by section, only the promises for this young person."""
    today = timezone.localdate()
    applies = AppliesTo.for_legal_status(young_person.legal_status)
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
    return render(request, "pledges/pledge.html", {
        "young_person": young_person,
        "own": own,
        "pledge": pledge,
        "sections": sections,
        "principles": principles,
    })


def _people_page(request, young_person, *, own):
    return render(request, "pledges/people.html", {
        "young_person": young_person,
        "own": own,
        **people_for(young_person, today=timezone.localdate()),
    })


def caseload(request):
    """The young people this member of staff may see. (The promise ledger adds what is due.)"""
    worker = worker_for(request.user)
    if worker is None:
        raise Http404("Only staff have a list of young people")
    young_people = visible_young_people(request.user).order_by("last_name", "first_name")
    return render(request, "pledges/caseload.html", {"worker": worker, "young_people": young_people})

