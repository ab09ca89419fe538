"""Worker pages that record events: a contact or visit, a call-back attempt. Each saves through a service
and goes back to the caseload, where the ledger shows the clocks it moved."""
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from .forms import CallbackAttemptForm, CarePlanCopyGivenForm, CarePlanForm, ContactForm, PlacementForm
from .models import CARE_PLAN_CONSIDERED, CARE_PLAN_CONSIDERED_NOTES, CARE_PLAN_SECTIONS
from .scoping import get_visible_young_person, worker_for, young_person_for
from .services import (
    callback_attempt_record,
    care_plan_copy_given,
    care_plan_version_create,
    contact_log,
    open_callback_request,
    placement_move,
    placement_start,
)


def _worker_or_404(request):
    worker = worker_for(request.user)
    if worker is None:
        raise Http404("Only staff record contacts")
    return worker


def contact_new(request, pk):
    worker = _worker_or_404(request)
    young_person = get_visible_young_person(request.user, pk)
    form = ContactForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            contact_log(young_person=young_person, worker=worker, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"Contact with {young_person.full_name} saved.")
            return redirect("caseload")
    return render(request, "casework/form_page.html", {
        "form": form, "young_person": young_person, "title": "Log a visit or contact",
    })


def callback_attempt_new(request, pk):
    worker = _worker_or_404(request)
    young_person = get_visible_young_person(request.user, pk)
    callback = open_callback_request(young_person)
    if callback is None:
        messages.info(request, f"{young_person.full_name} has no call-back waiting.")
        return redirect("caseload")
    form = CallbackAttemptForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            callback_attempt_record(request=callback, worker=worker, now=timezone.now(), **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"Call-back for {young_person.full_name} saved.")
            return redirect("caseload")
    return render(request, "casework/form_page.html", {
        "form": form, "young_person": young_person, "title": "Call back", "callback": callback,
    })


# ---------------------------------------------------------------------------------------------------------------
# Care plans and placements
# ---------------------------------------------------------------------------------------------------------------

def _add_errors(form, error: ValidationError, rename: dict[str, str] | None = None):
    """A service's ValidationError onto the form: on the field it names (after `rename`, model field to form
    field) when the form has it, otherwise at the top. Either way it is in the error summary."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        field = (rename or {}).get(field, field)
        form.add_error(field if field in form.fields else None, errors)


def _care_plan_versions(young_person):
    """All versions of a young person's plan, newest first, with their writers: one query however many."""
    return list(young_person.care_plan_versions.select_related("written_by").order_by("-version"))


@require_GET
def care_plan(request, pk):
    _worker_or_404(request)
    young_person = get_visible_young_person(request.user, pk)
    versions = _care_plan_versions(young_person)
    return render(request, "casework/care_plan.html", {
        "young_person": young_person, "plan": versions[0] if versions else None, "past_versions": versions[1:],
        "considered_legend": CARE_PLAN_CONSIDERED,
    })


@require_GET
def care_plan_version(request, pk, version):
    """One saved version, read only. There is no way to change it: an update is a new version."""
    _worker_or_404(request)
    young_person = get_visible_young_person(request.user, pk)
    plan = get_object_or_404(young_person.care_plan_versions.select_related("written_by"), version=version)
    latest = young_person.care_plan_versions.order_by("-version").values_list("version", flat=True).first()
    return render(request, "casework/care_plan_version.html", {
        "young_person": young_person, "plan": plan, "is_current": plan.version == latest,
        "considered_legend": CARE_PLAN_CONSIDERED,
    })


def care_plan_new(request, pk):
    """Write the next version, starting from the current one's words. Saving always makes a new version."""
    worker = _worker_or_404(request)
    young_person = get_visible_young_person(request.user, pk)
    current = young_person.care_plan_versions.order_by("-version").first()
    fields = [*CARE_PLAN_SECTIONS, *CARE_PLAN_CONSIDERED_NOTES]
    initial = {name: getattr(current, name) for name in fields} if current else {}
    form = CarePlanForm(request.POST or None, initial=initial)
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
    _worker_or_404(request)
    young_person = get_visible_young_person(request.user, pk)
    plan = get_object_or_404(young_person.care_plan_versions, version=version)
    back_url = reverse("care_plan", args=[young_person.pk])
    if plan.copy_given_on:
        messages.info(request, f"You have already recorded that they were given a copy of version {plan.version}.")
        return redirect(back_url)
    form = CarePlanCopyGivenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            care_plan_copy_given(version=plan, **form.cleaned_data)
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
    _worker_or_404(request)
    young_person = get_visible_young_person(request.user, pk)
    placements = list(young_person.placements.select_related("recorded_by").order_by("-started_on"))
    return render(request, "casework/placement_list.html", {
        "young_person": young_person, "placements": placements,
    })


def placement_new(request, pk):
    """Record a first placement, or a move when they already have one: one form, with the move's questions."""
    worker = _worker_or_404(request)
    young_person = get_visible_young_person(request.user, pk)
    is_move = young_person.placements.exists()
    form = PlacementForm(request.POST or None, is_move=is_move)
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
        "intro": (f"Their placement with {current.carer_or_home} will end on the day they move."
                  if current else ""),
        "back_url": reverse("placement_list", args=[young_person.pk]), "back_text": "Back to placements",
    })


def _own_young_person(request):
    young_person = young_person_for(request.user)
    if young_person is None:
        raise Http404("Only a young person has their own care plan page")
    return young_person


@require_GET
def my_care_plan(request):
    young_person = _own_young_person(request)
    plan = young_person.care_plan_versions.select_related("written_by").order_by("-version").first()
    return render(request, "casework/my_care_plan.html", {"plan": plan, "considered_legend": CARE_PLAN_CONSIDERED})


@require_GET
def my_care_plan_print(request):
    young_person = _own_young_person(request)
    plan = young_person.care_plan_versions.select_related("written_by").order_by("-version").first()
    return render(request, "casework/my_care_plan_print.html", {
        "young_person": young_person, "plan": plan, "considered_legend": CARE_PLAN_CONSIDERED,
    })
