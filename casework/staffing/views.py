"""A manager's staffing pages: their council's teams and workers, adding a young person, allocating or moving a
young person's worker, a team's duty worker and a worker's absence. What used to need the Django admin.

Only a manager of the council uses them (casework.people.scoping.get_manager_or_403: other staff get a 403, young
people a 404); another council's team, worker or young person is a 404. The young person's workers page is for
anyone who sees them; its change links show only to those who may use them (casework.people.recording)."""
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone

from casework.audit.models import audit_young_person, audit_young_people
from casework.form_parts import _add_errors, posted
from casework.people.models import Allocation, LegalStatus, Role, Team, Worker
from casework.people.recording import Record, get_recording_worker_or_403
from casework.people.scoping import (
    get_council_object_or_404,
    get_manager_or_403,
    get_visible_young_person,
    get_worker_or_404,
    visible_young_people,
)

from .forms import AllocationForm, TeamDutyForm, WorkerAbsenceForm, YoungPersonNewForm
from .services import (
    ALLOCATED_HERE,
    CHANGE_REASONS,
    DUTY_ROLES,
    allocation_move,
    roles_for,
    team_duty_set,
    worker_absence_record,
    young_person_add,
)

UNALLOCATED_SHOWN = 20  # the manage page lists the first few young people with no worker; the count says the rest


def _active_workers(council_id: int, roles):
    """The council's workers in these roles whose login, if they have one, is open: those who can be given work."""
    return (Worker.objects.filter(council_id=council_id, role__in=roles)
            .filter(Q(user__isnull=True) | Q(user__is_active=True)).select_related("team").order_by("name"))


def manage(request):
    manager = get_manager_or_403(request.user)
    teams = Team.objects.filter(council_id=manager.council_id).select_related("duty_worker").order_by("name")
    workers = Worker.objects.filter(council_id=manager.council_id).select_related("team", "user").order_by("name")
    with_worker = Allocation.objects.filter(ended_on__isnull=True, role__in=ALLOCATED_HERE).values("young_person_id")
    unallocated = (visible_young_people(request.user)
                   .filter(legal_status__in=[LegalStatus.LOOKED_AFTER, LegalStatus.CARE_LEAVER])
                   .exclude(pk__in=with_worker).order_by("last_name", "first_name", "pk"))
    shown = list(unallocated[:UNALLOCATED_SHOWN])
    audit_young_people(request, [young_person.pk for young_person in shown])
    return render(request, "casework/staffing_manage.html", {
        "teams": teams, "workers": workers, "unallocated": shown,
        "unallocated_count": unallocated.count(),
        "today": timezone.localdate(),
    })


def young_person_new(request):
    manager = get_manager_or_403(request.user)
    workers = _active_workers(manager.council_id, ALLOCATED_HERE)
    form = YoungPersonNewForm(posted(request), workers=workers)
    if request.method == "POST" and form.is_valid():
        try:
            young_person = young_person_add(council=manager.council, by=manager, today=timezone.localdate(),
                                             **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            audit_young_person(request, young_person)
            messages.success(request, f"{young_person.full_name} is added. Their promises are on their pledge page.")
            return redirect("young_person_workers", pk=young_person.pk)
    return render(request, "casework/staffing_form.html", {
        "form": form, "title": "Add a young person", "caption": manager.council.short_name,
        "back_url": "manage", "back_text": "Back to manage",
    })


def young_person_workers(request, pk):
    get_worker_or_404(request.user)
    young_person = get_visible_young_person(request.user, pk)
    today = timezone.localdate()
    current = {allocation.role: allocation for allocation in
               young_person.allocations.filter(ended_on__isnull=True).select_related("worker", "worker__team")}
    roles = roles_for(young_person, today)
    rows = [{"role": role, "label": Role(role).label, "allocation": current.get(role)} for role in roles]
    if young_person.legal_status == LegalStatus.LOOKED_AFTER:  # care leavers have no IRO
        rows.append({"role": Role.IRO, "label": "IRO", "allocation": current.get(Role.IRO)})
    return render(request, "casework/staffing_young_person_workers.html", {
        "young_person": young_person, "rows": rows, "reasons": CHANGE_REASONS,
    })


def allocation_move_view(request, pk, role):
    young_person = get_visible_young_person(request.user, pk)
    manager = get_recording_worker_or_403(request, young_person, Record.ALLOCATION)
    today = timezone.localdate()
    if role not in roles_for(young_person, today):
        raise Http404("They have no such worker")
    label = Role(role).label.lower()
    current = (young_person.allocations.filter(role=role, ended_on__isnull=True).select_related("worker").first())
    form = AllocationForm(posted(request), initial={"started_on": today},
                          workers=_active_workers(young_person.council_id, [role]),
                          role_label=label, moving=current is not None)
    if request.method == "POST" and form.is_valid():
        try:
            allocation = allocation_move(young_person=young_person, by=manager, role=role, today=today,
                                         **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, f"{allocation.worker.name} is now {young_person.full_name}’s {label}.")
            return redirect("young_person_workers", pk=young_person.pk)
    title = f"Change {label}" if current else f"Allocate a {label}"
    return render(request, "casework/staffing_form.html", {
        "form": form, "title": title, "caption": young_person.full_name, "young_person": young_person,
        "current": current, "back_url": "young_person_workers", "back_pk": young_person.pk,
        "back_text": "Back to their workers",
    })


def team_duty(request, team_pk):
    manager = get_manager_or_403(request.user)
    team = get_council_object_or_404(manager, Team.objects.select_related("duty_worker"), team_pk)
    initial = {"duty_worker": team.duty_worker_id, "duty_phone": team.duty_phone, "duty_email": team.duty_email}
    form = TeamDutyForm(posted(request), initial=initial, workers=_active_workers(manager.council_id, DUTY_ROLES))
    if request.method == "POST" and form.is_valid():
        try:
            team = team_duty_set(team=team, by=manager, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, f"{team.name}’s duty details are saved.")
            return redirect("manage")
    return render(request, "casework/staffing_form.html", {
        "form": form, "title": "Duty worker and number", "caption": team.name,
        "back_url": "manage", "back_text": "Back to manage",
    })


def worker_absence(request, worker_pk):
    manager = get_manager_or_403(request.user)
    worker = get_council_object_or_404(manager, Worker.objects.select_related("team__duty_worker"), worker_pk)
    today = timezone.localdate()
    away = worker.away_until is not None and worker.away_until >= today
    initial = {"away": "yes" if away else "no", "away_until": worker.away_until if away else None}
    form = WorkerAbsenceForm(posted(request), initial=initial, name=worker.name)
    if request.method == "POST" and form.is_valid():
        try:
            worker = worker_absence_record(worker=worker, by=manager, away_until=form.cleaned_data["away_until"],
                                           today=today)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, f"{worker.name} is away until {worker.away_until:%-d %B %Y}."
                             if worker.away_until else f"{worker.name} is back at work.")
            return redirect("manage")
    team = worker.team
    return render(request, "casework/staffing_form.html", {
        "form": form, "title": "Record an absence", "caption": f"{worker.name}, {worker.get_role_display()}",
        "absent_worker": worker, "team": team, "today": today, "covering": team.duty_worker if team else None,
        "caseload": worker.allocations.filter(ended_on__isnull=True).count(),
        "back_url": "manage", "back_text": "Back to manage",
    })
