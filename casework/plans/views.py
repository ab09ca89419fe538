"""Care plans and placements: the worker's pages, and the young person's own care plan."""
from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from casework.form_parts import _add_errors, posted
from casework.people.recording import Record, get_recording_worker_or_403
from casework.people.scoping import get_visible_young_person, get_worker_or_404, own_young_person_or_404

from .forms import CarePlanCopyGivenForm, CarePlanForm, PlacementForm
from .models import CARE_PLAN_CONSIDERED, CARE_PLAN_CONSIDERED_NOTES, CARE_PLAN_SECTIONS
from .services import care_plan_copy_given, care_plan_version_create, placement_move, placement_start


def _care_plan_versions(young_person):
    """All versions of a young person's plan, newest first, with their writers: one query however many."""
    return list(young_person.care_plan_versions.select_related("written_by").order_by("-version"))


@require_GET
def care_plan(request, pk):
    get_worker_or_404(request.user)
    young_person = get_visible_young_person(request.user, pk)
    versions = _care_plan_versions(young_person)
    return render(request, "casework/care_plan.html", {
        "young_person": young_person, "plan": versions[0] if versions else None, "past_versions": versions[1:],
        "considered_legend": CARE_PLAN_CONSIDERED,
    })


@require_GET
def care_plan_version(request, pk, version):
    """One saved version, read only. There is no way to change it: an update is a new version."""
    get_worker_or_404(request.user)
    young_person = get_visible_young_person(request.user, pk)
    plan = get_object_or_404(young_person.care_plan_versions.select_related("written_by"), version=version)
    latest = young_person.care_plan_versions.order_by("-version").values_list("version", flat=True).first()
    return render(request, "casework/care_plan_version.html", {
        "young_person": young_person, "plan": plan, "is_current": plan.version == latest,
        "considered_legend": CARE_PLAN_CONSIDERED,
    })


def care_plan_new(request, pk):
    """Write the next version, starting from the current one's words. Saving always makes a new version."""
    young_person = get_visible_young_person(request.user, pk)
    worker = get_recording_worker_or_403(request, young_person, Record.CARE_PLAN)
    current = young_person.care_plan_versions.order_by("-version").first()
    fields = [*CARE_PLAN_SECTIONS, *CARE_PLAN_CONSIDERED_NOTES]
    initial = {name: getattr(current, name) for name in fields} if current else {}
    form = CarePlanForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            version = care_plan_version_create(young_person=young_person, written_by=worker, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, f"Care plan version {version.version} for {young_person.full_name} saved.")
            return redirect("care_plan", pk=young_person.pk)
    return render(request, "casework/young_person_form.html", {
        "form": form, "young_person": young_person,
        "title": "Update the care plan" if current else "Write the care plan",
        "intro": (f"This starts from version {current.version}. Saving makes version {current.version + 1}; "
                  f"version {current.version} is kept as it is.") if current else "",
        "back_url": reverse("care_plan", args=[young_person.pk]), "back_text": "Back to the care plan",
    })


def care_plan_copy_given_view(request, pk, version):
    young_person = get_visible_young_person(request.user, pk)
    worker = get_recording_worker_or_403(request, young_person, Record.CARE_PLAN)
    plan = get_object_or_404(young_person.care_plan_versions, version=version)
    back_url = reverse("care_plan", args=[young_person.pk])
    if plan.copy_given_on:
        messages.info(request, f"You have already recorded that they were given a copy of version {plan.version}.")
        return redirect(back_url)
    form = CarePlanCopyGivenForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            care_plan_copy_given(version=plan, by=worker, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error, rename={"copy_given_on": "given_on", "copy_given_how": "how"})
        else:
            messages.success(request, f"Saved: {young_person.full_name} was given a copy of version {plan.version}.")
            return redirect(back_url)
    return render(request, "casework/young_person_form.html", {
        "form": form, "young_person": young_person, "title": "Record that they were given a copy",
        "intro": f"Version {plan.version}, agreed on {plan.agreed_on:%-d %B %Y}.",
        "back_url": back_url, "back_text": "Back to the care plan",
    })


@require_GET
def placement_list(request, pk):
    get_worker_or_404(request.user)
    young_person = get_visible_young_person(request.user, pk)
    placements = list(young_person.placements.select_related("recorded_by").order_by("-started_on"))
    return render(request, "casework/placement_list.html", {
        "young_person": young_person, "placements": placements,
        "missing_episodes": list(young_person.missing_episodes.order_by("-started_on", "-pk")),
    })


def placement_new(request, pk):
    """Record a first placement, or a move when they already have one: one form, with the move's questions."""
    young_person = get_visible_young_person(request.user, pk)
    worker = get_recording_worker_or_403(request, young_person, Record.PLACEMENT)
    is_move = young_person.placements.exists()
    form = PlacementForm(posted(request), is_move=is_move)
    if request.method == "POST" and form.is_valid():
        record = placement_move if is_move else placement_start
        try:
            record(young_person=young_person, recorded_by=worker, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, f"{'Move' if is_move else 'Placement'} for {young_person.full_name} saved.")
            return redirect("placement_list", pk=young_person.pk)
    current = young_person.placements.filter(ended_on__isnull=True).first() if is_move else None
    return render(request, "casework/young_person_form.html", {
        "form": form, "young_person": young_person,
        "title": "Record a move" if is_move else "Record their first placement",
        "intro": (f"Their placement with {current.where} will end on the day they move."
                  if current else ""),
        "back_url": reverse("placement_list", args=[young_person.pk]), "back_text": "Back to placements",
    })


@require_GET
def my_care_plan(request):
    young_person = own_young_person_or_404(request.user)
    plan = young_person.care_plan_versions.select_related("written_by").order_by("-version").first()
    # The last time they came back from being missing or away, in the last year: the return interview they are owed.
    came_back = young_person.missing_episodes.filter(
        ended_on__gte=timezone.localdate() - timedelta(days=365)).order_by("-ended_on", "-pk").first()
    return render(request, "casework/my_care_plan.html", {
        "young_person": young_person, "plan": plan, "considered_legend": CARE_PLAN_CONSIDERED, "came_back": came_back,
    })


@require_GET
def my_care_plan_print(request):
    young_person = own_young_person_or_404(request.user)
    plan = young_person.care_plan_versions.select_related("written_by").order_by("-version").first()
    return render(request, "casework/my_care_plan_print.html", {
        "young_person": young_person, "plan": plan, "considered_legend": CARE_PLAN_CONSIDERED,
    })
