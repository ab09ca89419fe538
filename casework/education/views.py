"""Education: staff pages for a young person's PEPs, work experience and EET status, and the young
person's own "Your education" page."""
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from casework.form_parts import posted
from casework.people.models import Allocation, Role
from casework.people.recording import Record, get_recording_worker_or_403
from casework.people.scoping import get_visible_young_person, get_worker_or_404, young_person_for

from .forms import EducationStatusForm, PepForm, WorkExperienceForm
from .services import EET_MIN_AGE, education_status_record, pep_record, work_experience_offer_record


def _add_errors(form, error: ValidationError) -> None:
    """Put each service error on its form field, or at the top when the form has no such field."""
    for field, messages_ in error.message_dict.items():
        form.add_error(field if field in form.fields else None, messages_)


@require_GET
def education(request, pk):
    get_worker_or_404(request.user)
    young_person = get_visible_young_person(request.user, pk)
    is_16_or_over = young_person.age_on(timezone.localdate()) >= EET_MIN_AGE
    return render(request, "casework/education.html", {
        "young_person": young_person,
        "peps": young_person.peps.select_related("recorded_by").order_by("-reviewed_on", "-pk"),
        "offers": young_person.work_experience_offers.order_by("-offered_on", "-pk"),
        "is_16_or_over": is_16_or_over,
        "statuses": young_person.education_statuses.order_by("-recorded_on", "-pk") if is_16_or_over else [],
    })


def _record_page(request, pk, *, form_class, title: str, saved: str, record):
    """A one-form page: on a valid POST, `record(young_person, worker, cleaned_data)` saves it."""
    young_person = get_visible_young_person(request.user, pk)
    worker = get_recording_worker_or_403(request, young_person, Record.EDUCATION)
    form = form_class(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            record(young_person, worker, form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, f"{saved} for {young_person.full_name} saved.")
            return redirect("education", pk=young_person.pk)
    return render(request, "casework/education_form.html", {
        "form": form, "young_person": young_person, "title": title,
    })


def pep_new(request, pk):
    return _record_page(
        request, pk, form_class=PepForm, title="Record a PEP meeting", saved="PEP meeting",
        record=lambda young_person, worker, data: pep_record(young_person=young_person, recorded_by=worker, **data),
    )


def work_experience_new(request, pk):
    return _record_page(
        request, pk, form_class=WorkExperienceForm, title="Record a work experience offer",
        saved="Work experience offer",
        record=lambda young_person, worker, data: work_experience_offer_record(
            young_person=young_person, by=worker, **data),
    )


def education_status_new(request, pk):
    return _record_page(
        request, pk, form_class=EducationStatusForm, title="Record education, employment or training",
        saved="Education, employment or training status",
        record=lambda young_person, worker, data: education_status_record(
            young_person=young_person, by=worker, **data),
    )


@require_GET
def my_school(request):
    young_person = young_person_for(request.user)
    if young_person is None:
        raise Http404("Only a young person has their own education page")
    teacher = (
        Allocation.objects.filter(young_person=young_person, role=Role.DESIGNATED_TEACHER, ended_on__isnull=True)
        .select_related("worker").first()
    )
    is_16_or_over = young_person.age_on(timezone.localdate()) >= EET_MIN_AGE
    return render(request, "casework/education_my_school.html", {
        "young_person": young_person,
        "teacher": teacher.worker if teacher else None,
        "worker_word": "personal adviser" if young_person.is_care_leaver else "social worker",
        "last_pep": young_person.peps.order_by("-reviewed_on", "-pk").first(),
        "offers": young_person.work_experience_offers.order_by("-offered_on", "-pk"),
        "is_16_or_over": is_16_or_over,
        "status": young_person.education_statuses.order_by("-recorded_on", "-pk").first() if is_16_or_over else None,
    })
