"""Leaving care pages: the pathway plan and needs assessments for staff, and a care leaver's own pathway plan,
with a way to say they want to go back into education or training."""
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from .forms import posted
from .recording import Record, get_recording_worker_or_403
from .leaving_care_forms import (
    PATHWAY_PLAN_SECTIONS,
    CareersMeetingForm,
    NeedsAssessmentForm,
    PathwayPlanCopyGivenForm,
    PathwayPlanForm,
    ReturnToEducationForm,
)
from .leaving_care_services import (
    RETURN_TO_EDUCATION_AGES,
    careers_meeting_record,
    needs_assessment_record,
    pathway_plan_copy_given,
    pathway_plan_version_create,
    return_to_education_request,
)
from .scoping import get_worker_or_404, get_visible_young_person, young_person_for
from .views import _add_errors


def _sections(plan, *, own: bool) -> list[tuple[str, str]]:
    """The plan's words with their headings, to staff ("they") or to the young person ("you")."""
    if plan is None:
        return []
    return [(own_label if own else label, getattr(plan, name)) for name, label, own_label in PATHWAY_PLAN_SECTIONS]


def _form_page(request, young_person, form, title, *, intro="", back_text="Back to the pathway plan"):
    return render(request, "casework/young_person_form.html", {
        "form": form, "young_person": young_person, "title": title, "intro": intro,
        "back_url": reverse("pathway_plan", args=[young_person.pk]), "back_text": back_text,
    })


# ---------------------------------------------------------------------------------------------------------------
# Staff
# ---------------------------------------------------------------------------------------------------------------

@require_GET
def pathway_plan(request, pk):
    get_worker_or_404(request.user)
    young_person = get_visible_young_person(request.user, pk)
    versions = list(young_person.pathway_plan_versions.select_related("written_by").order_by("-version"))
    plan = versions[0] if versions else None
    return render(request, "casework/leaving_care_pathway_plan.html", {
        "young_person": young_person, "plan": plan, "past_versions": versions[1:],
        "sections": _sections(plan, own=False),
        "assessments": list(young_person.needs_assessments.select_related("recorded_by")
                            .order_by("-completed_on", "-pk")),
        "requests": list(young_person.return_to_education_requests.order_by("-asked_on", "-pk")),
        "meetings": list(young_person.careers_meetings.order_by("-offered_on", "-pk")),
    })


@require_GET
def pathway_plan_version(request, pk, version):
    """One saved version, read only. There is no way to change it: an update is a new version."""
    get_worker_or_404(request.user)
    young_person = get_visible_young_person(request.user, pk)
    plan = get_object_or_404(young_person.pathway_plan_versions.select_related("written_by"), version=version)
    latest = young_person.pathway_plan_versions.order_by("-version").values_list("version", flat=True).first()
    return render(request, "casework/leaving_care_pathway_plan_version.html", {
        "young_person": young_person, "plan": plan, "is_current": plan.version == latest,
        "sections": _sections(plan, own=False),
    })


def pathway_plan_new(request, pk):
    """Write the next version, starting from the current one's words. Saving always makes a new version."""
    young_person = get_visible_young_person(request.user, pk)
    worker = get_recording_worker_or_403(request, young_person, Record.PATHWAY_PLAN)
    current = young_person.pathway_plan_versions.order_by("-version").first()
    initial = {name: getattr(current, name) for name, _label, _own in PATHWAY_PLAN_SECTIONS} if current else {}
    form = PathwayPlanForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            version = pathway_plan_version_create(young_person=young_person, written_by=worker,
                                                  **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, f"Pathway plan version {version.version} for {young_person.full_name} saved.")
            return redirect("pathway_plan", pk=young_person.pk)
    return _form_page(
        request, young_person, form, "Update the pathway plan" if current else "Write the pathway plan",
        intro=("This saves a new version. The current version is kept as it was agreed." if current
               else "Pathway planning starts at 16. Write the plan with them, in their words."),
    )


def pathway_plan_copy_given_view(request, pk, version):
    young_person = get_visible_young_person(request.user, pk)
    worker = get_recording_worker_or_403(request, young_person, Record.PATHWAY_PLAN)
    plan = get_object_or_404(young_person.pathway_plan_versions, version=version)
    if plan.copy_given_on:
        messages.info(request, f"You have already recorded that they were given a copy of version {plan.version}.")
        return redirect("pathway_plan", pk=young_person.pk)
    form = PathwayPlanCopyGivenForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            pathway_plan_copy_given(version=plan, by=worker, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error, rename={"copy_given_on": "given_on"})
        else:
            messages.success(request, f"Saved: {young_person.full_name} was given a copy of version {plan.version}.")
            return redirect("pathway_plan", pk=young_person.pk)
    return _form_page(request, young_person, form, "Record that they were given a copy",
                      intro=f"Pathway plan version {plan.version}, agreed on {plan.agreed_on:%-d %B %Y}.")


def needs_assessment_new(request, pk):
    young_person = get_visible_young_person(request.user, pk)
    worker = get_recording_worker_or_403(request, young_person, Record.PATHWAY_PLAN)
    form = NeedsAssessmentForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            needs_assessment_record(young_person=young_person, recorded_by=worker, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, f"Needs assessment for {young_person.full_name} saved.")
            return redirect("pathway_plan", pk=young_person.pk)
    return _form_page(request, young_person, form, "Record a needs assessment",
                      intro="The assessment of their needs is due within 3 months of their 16th birthday.")


def careers_meeting_new(request, pk):
    young_person = get_visible_young_person(request.user, pk)
    worker = get_recording_worker_or_403(request, young_person, Record.PATHWAY_PLAN)
    form = CareersMeetingForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            careers_meeting_record(young_person=young_person, by=worker, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, f"Careers meeting for {young_person.full_name} saved.")
            return redirect("pathway_plan", pk=young_person.pk)
    return _form_page(request, young_person, form, "Record a careers meeting",
                      intro="A meeting with the careers adviser: when it was offered, and whether they took it up.")


# ---------------------------------------------------------------------------------------------------------------
# The young person's own pages
# ---------------------------------------------------------------------------------------------------------------

def _own_young_person(request):
    young_person = young_person_for(request.user)
    if young_person is None:
        raise Http404("Only a young person has their own pathway plan page")
    return young_person


def _can_ask_to_return(young_person) -> bool:
    low, high = RETURN_TO_EDUCATION_AGES
    return low <= young_person.age_on(timezone.localdate()) <= high


def _my_pathway_plan_page(request, young_person, form=None, status=200):
    """The page, with the "go back into education" form for ages 18 to 25. A refused form comes back with its
    errors in the GOV.UK error summary (shown even to someone outside those ages, who has no form)."""
    plan = young_person.pathway_plan_versions.select_related("written_by").order_by("-version").first()
    can_ask = _can_ask_to_return(young_person)
    if can_ask and form is None:
        form = ReturnToEducationForm(action=reverse("return_to_education_new"))
    return render(request, "casework/leaving_care_my_pathway_plan.html", {
        "young_person": young_person, "plan": plan, "sections": _sections(plan, own=True),
        "form": form, "can_ask": can_ask,
    }, status=status)


@require_GET
def my_pathway_plan(request):
    return _my_pathway_plan_page(request, _own_young_person(request))


@require_GET
def my_pathway_plan_print(request):
    young_person = _own_young_person(request)
    plan = young_person.pathway_plan_versions.select_related("written_by").order_by("-version").first()
    return render(request, "casework/leaving_care_my_pathway_plan_print.html", {
        "young_person": young_person, "plan": plan, "sections": _sections(plan, own=True),
    })


@require_POST
def return_to_education_new(request):
    young_person = _own_young_person(request)
    form = ReturnToEducationForm(request.POST, action=reverse("return_to_education_new"))
    if form.is_valid():
        try:
            return_to_education_request(young_person=young_person, what=form.cleaned_data["what"],
                                        asked_on=timezone.localdate())
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, "Thanks. Your personal adviser will make a new plan with you.")
            return redirect("my_pathway_plan")
    return _my_pathway_plan_page(request, young_person, form=form)
