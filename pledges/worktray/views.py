"""The staff worktray (/young-people/) and a young person's overview (/young-people/<pk>/)."""
from urllib.parse import urlencode

from django.shortcuts import render
from django.utils import timezone

from casework.audit.models import audit_young_people
from casework.models import Allocation, CallbackRequest, Role
from casework.people.recording import recording_rights
from casework.people.scoping import get_visible_young_person, get_worker_or_404

from .forms import WorktrayFilterForm
from .overview import due_items, timeline
from .service import MAIN_ROLES, covering_words, filter_choices, worktray_page, worktray_young_people


def worktray(request):
    """The young people this member of staff may see, one row each, most urgent first; searched, filtered and sorted
    by a GET form, a page at a time."""
    worker = get_worker_or_404(request.user)
    today = timezone.localdate()
    choices = filter_choices(worker=worker)
    form = WorktrayFilterForm(request.GET, **choices)
    form.is_valid()  # the valid filters apply; the rest are shown in the error summary
    filters = form.filters()
    young_people = worktray_young_people(user=request.user, worker=worker, filters=filters, today=today)
    page = worktray_page(young_people=young_people, number=request.GET.get("page"), worker=worker, today=today)
    audit_young_people(request, [young_person.pk for young_person in page.object_list])
    # Every other page link keeps the filters and the sort.
    query = urlencode([(key, value) for key, values in request.GET.lists() if key != "page" for value in values])
    # The column headings sort: the same filters, a new order, back to the first page.
    unsorted = urlencode([(key, value) for key, values in request.GET.lists() if key not in ("page", "sort")
                          for value in values])
    return render(request, "pledges/worktray.html", {
        "worker": worker, "form": form, "page": page, "query": query, "sort": filters.sort,
        "sort_prefix": f"?{unsorted}&sort=" if unsorted else "?sort=",
        "chosen": form.chosen(), "filtered": bool(form.chosen()), "today": today,
    })


def young_person_overview(request, pk):
    """One young person on a page: who they are (MOJ identity bar), what is due, what happened lately, and the
    way to every other page about them."""
    worker = get_worker_or_404(request.user)
    young_person = get_visible_young_person(request.user, pk)
    today = timezone.localdate()
    allocations = list(Allocation.objects.filter(young_person=young_person, ended_on__isnull=True)
                       .select_related("worker").order_by("role"))
    main = next((a for a in allocations if a.role in MAIN_ROLES), None)
    iro = next((a for a in allocations if a.role == Role.IRO), None)
    young_person.is_mine = any(a.worker_id == worker.pk for a in allocations)
    young_person.main_worker_name = main.worker.name if main else ""
    young_person.main_worker_away_until = main.worker.away_until if main else None
    overdue, upcoming = due_items(young_person=young_person, rights=recording_rights(request), today=today)
    return render(request, "pledges/young_person_overview.html", {
        "worker": worker, "young_person": young_person, "age": young_person.age_on(today),
        "main": main, "iro": iro, "covering_for": covering_words(young_person, worker=worker, today=today),
        "open_callback": CallbackRequest.objects.filter(young_person=young_person,
                                                        status=CallbackRequest.Status.OPEN).first(),
        "overdue": overdue, "upcoming": upcoming, "today": today,
        "events": timeline(young_person=young_person, user=request.user, today=today),
    })
