"""A manager's view of the council's workers and of stability for children in care; a worker's own record.

Managers see every worker in their council; a worker who is not a manager sees only their own record (any other
worker is a 404) and gets a 403 on the managers' pages; a young person gets a 404 on all of them. Every page reads the
shared filters (pledges.dashboard_filters) from the query string; a bad filter is an error on the page, which then
shows its defaults. Young people's data always comes through casework.people.scoping.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, QueryDict
from django.shortcuts import redirect, render
from django.utils import timezone

from casework.audit.models import AuditEvent, audit_young_people
from casework.models import Role, Worker
from casework.people.scoping import get_worker_or_404, visible_young_people, visible_young_people_q

from . import status
from .csv_export import csv_response
from .dashboard_filters import CASEWORK_ROLES, DashboardFilterForm
from .ledger.snapshots import ledger_rows_for, with_ledger_snapshot
from .models import Basis, Measure
from .stability import LISTS, stability, stability_list
from .worker_counts import ROW_LISTS, Clock, record_by_measure, worker_rows, workers_with_counts


def _manager_or_403(request) -> Worker:
    worker = get_worker_or_404(request.user)
    if worker.role != Role.MANAGER:
        raise PermissionDenied("Only managers see this page")
    return worker


def _filter_form(request, viewer, *, young_people_only=False) -> DashboardFilterForm:
    form = DashboardFilterForm(request.GET, council=viewer.council, today=timezone.localdate())
    if young_people_only:
        # About one worker: choosing a team or a worker would mean nothing here (and cost two queries to draw).
        # (form.html() draws the fields the form has.)
        for name in ("team", "worker"):
            del form.fields[name]
    return form


def _young_people_q(request, viewer, form, prefix: str) -> Q:
    """The young people whose rows count towards a worker's numbers, as a Q through `prefix`: those the viewer may
    see, narrowed by legal status and age band. Team and worker choose workers, not young people, so they are left
    out; while the form has errors no filter applies."""
    visible = visible_young_people_q(request.user, prefix)
    if form.is_bound and not form.is_valid():
        return visible
    data = request.GET.copy()
    for key in ("team", "worker"):
        data.pop(key, None)
    narrowed = DashboardFilterForm(data, council=viewer.council, today=form.today)
    return visible & narrowed.young_person_q(prefix)


def dashboard_workers(request):
    """Every worker with a caseload in the manager's team (or every team), most overdue first."""
    manager = _manager_or_403(request)
    form = _filter_form(request, manager)
    chosen = form.filters()
    # The manager's own team until they choose a team, or "All teams" (an empty team in the query string).
    team = chosen["team"] if chosen and "team" in request.GET else manager.team
    form.fields["team"].initial = manager.team_id
    form.list_workers_of(team)
    workers = Worker.objects.filter(council_id=manager.council_id, role__in=CASEWORK_ROLES).select_related("team")
    if team is not None:
        workers = workers.filter(team=team)
    if chosen.get("worker"):
        workers = workers.filter(pk=chosen["worker"].pk)
    clock = Clock.for_council(manager.council, today=form.today, period=form.period())
    people = _young_people_q(request, manager, form, "allocations__young_person__")
    every_team = QueryDict(form.query_string(), mutable=True)
    every_team["team"] = ""
    return render(request, "pledges/dashboard_workers.html", {
        "form": form, "team": team, "period": clock.period, "query_string": form.query_string(),
        "every_team_query": every_team.urlencode(),
        "workers": workers_with_counts(workers, clock, people=people),
    })


def _worker_on_record_or_404(viewer: Worker, pk) -> Worker:
    """A manager may look at any worker with a caseload in their council; anyone else only at themselves. The worker
    carries the ledger snapshot to read while the council's ledger is rebuilt (read in this same query)."""
    workers = with_ledger_snapshot(Worker.objects.filter(council_id=viewer.council_id, role__in=CASEWORK_ROLES))
    if viewer.role != Role.MANAGER:
        workers = workers.filter(pk=viewer.pk)
    try:
        return workers.select_related("team", "user").get(pk=pk)
    except Worker.DoesNotExist:
        raise Http404("No such worker")


def dashboard_worker(request, worker_pk):
    viewer = get_worker_or_404(request.user)
    return _record_page(request, viewer, _worker_on_record_or_404(viewer, worker_pk))


def my_record(request):
    viewer = get_worker_or_404(request.user)
    if viewer.role == Role.MANAGER:
        return redirect("dashboard_workers")
    if viewer.role not in CASEWORK_ROLES:
        raise Http404("Only workers with a caseload have a record")
    return _record_page(request, viewer, viewer)


def _record_page(request, viewer, worker):
    """One worker's record: each promise's rows due in the period, and what is overdue now."""
    form = _filter_form(request, viewer, young_people_only=True)
    clock = Clock(today=form.today, period=form.period(), ledger=ledger_rows_for(worker))
    people = _young_people_q(request, viewer, form, "young_person__")
    counts = record_by_measure(worker, clock, people=people)
    measures = Measure.objects.filter(council_id=worker.council_id, active=True).select_related("promise")
    overdue = worker_rows(worker, "overdue", clock, people=people)
    audit_young_people(request, [entry.young_person_id for entry in overdue])
    return render(request, "pledges/dashboard_worker.html", {
        "form": form, "worker": worker, "own": worker.pk == viewer.pk, "period": clock.period,
        "query_string": form.query_string(), "promises": _by_promise(measures, counts),
        "overdue": [status.for_worker(entry, clock.today) for entry in overdue],
    })


COUNT_ROWS = [("Due", "due"), ("Kept on time", "kept_on_time"), ("Kept late", "kept_late"),
              ("Not kept yet", "not_kept")]


def _by_promise(measures, counts: dict[int, dict]) -> list[dict]:
    """The promises with rows due, each with its measures side by side (the legal minimum first, then the council's
    own promise) and a row of numbers for each of COUNT_ROWS. A measure with no promise stands on its own."""
    groups = {}
    for measure in sorted(measures, key=lambda m: (m.basis != Basis.STATUTORY, m.name)):
        key = measure.promise_id or f"measure-{measure.pk}"
        heading = measure.promise.text if measure.promise else measure.name
        groups.setdefault(key, {"heading": heading, "measures": []})["measures"].append(measure)
    promises = []
    for group in groups.values():
        counted = [counts.get(measure.pk, {}) for measure in group["measures"]]
        if any(c.get("due") for c in counted):
            group["rows"] = [(label, [c.get(key, 0) for c in counted]) for label, key in COUNT_ROWS]
            promises.append(group)
    return promises


def dashboard_worker_rows(request, worker_pk, which):
    """The young people, or ledger rows, behind one of a worker's numbers."""
    viewer = get_worker_or_404(request.user)
    worker = _worker_on_record_or_404(viewer, worker_pk)
    if which != "caseload" and which not in ROW_LISTS:
        raise Http404("No such list")
    form = _filter_form(request, viewer, young_people_only=True)
    context = {"form": form, "worker": worker, "which": which, "query_string": form.query_string(),
               "title": ROW_LISTS.get(which, "Young people")}
    if which == "caseload":
        context["young_people"] = list(visible_young_people(request.user).filter(
            _young_people_q(request, viewer, form, ""), allocations__worker=worker, allocations__ended_on__isnull=True,
        ).distinct())
        audit_young_people(request, [young_person.pk for young_person in context["young_people"]])
    else:
        period = form.period()
        clock = (Clock.for_council(viewer.council, today=form.today, period=period) if which == "due-soon"
                 else Clock(today=form.today, period=period, ledger=ledger_rows_for(worker)))
        rows = worker_rows(worker, which, clock, people=_young_people_q(request, viewer, form, "young_person__"))
        context.update(period=period, statuses=[status.for_worker(entry, clock.today) for entry in rows])
        audit_young_people(request, [entry.young_person_id for entry in rows])
    return render(request, "pledges/dashboard_worker_rows.html", context)


def dashboard_stability(request):
    manager = _manager_or_403(request)
    form = _filter_form(request, manager)
    young_people = visible_young_people(request.user).filter(form.young_person_q())
    return render(request, "pledges/dashboard_stability.html", {
        "form": form, "period": form.period(), "query_string": form.query_string(),
        "stability": stability(young_people, form.period()),
    })


def dashboard_stability_list(request, measure):
    manager = _manager_or_403(request)
    if measure not in LISTS:
        raise Http404("No such measure")
    form = _filter_form(request, manager)
    period, chosen = form.period(), LISTS[measure]
    young_people = list(stability_list(visible_young_people(request.user).filter(form.young_person_q()), period,
                                       measure))
    for young_person in young_people:
        young_person.age = young_person.age_on(form.today)
    downloading = request.GET.get("format") == "csv"
    audit_young_people(request, [young_person.pk for young_person in young_people],
                       action=AuditEvent.Action.EXPORT if downloading else None)
    if downloading:
        return csv_response(
            f"{measure}-{period.start:%Y-%m-%d}-to-{period.end:%Y-%m-%d}.csv",
            ["Name", "Age", "Team", "Social worker or personal adviser", chosen.count_label],
            [[yp.full_name, yp.age, yp.team_name or "", yp.worker_name or "", yp.count] for yp in young_people],
        )
    return render(request, "pledges/dashboard_stability_list.html", {
        "form": form, "period": period, "query_string": form.query_string(), "measure": measure, "chosen": chosen,
        "young_people": young_people,
    })
