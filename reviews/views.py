"""Review pages. Staff who may see the young person (casework.people.scoping) read their reviews; who may write what is
casework.people.recording's rule: their social worker, personal adviser or IRO books a review, their IRO (or a manager)
records the consultation before each and the review once held, and a manager changes their IRO. A young person
sends their views to their IRO before their next review.

Every young person comes through casework.people.scoping, and every review is looked up within that young
person's reviews: another's id is a 404.
"""
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone

from casework.form_parts import posted, prefilled
from casework.people.recording import Record, get_recording_worker_or_403
from casework.models import Allocation, Role
from casework.people.scoping import get_worker_or_404, get_visible_young_person, young_person_for

from .forms import ConsultationForm, IroChangeForm, ReviewHeldForm, ReviewScheduleForm, ViewsForm
from .models import Consultation, Review
from .next_due import next_review_due
from .services import (
    consultation_record,
    current_iro,
    iro_change,
    next_review,
    review_record_held,
    review_schedule,
    views_submit,
)


def _day(value) -> str:
    return f"{value:%-d %B %Y}"



def _review_or_404(young_person, review_pk) -> Review:
    try:
        return Review.objects.select_related("iro").get(pk=review_pk, young_person=young_person)
    except Review.DoesNotExist:
        raise Http404("No such review")


def _add_errors(form, error: ValidationError) -> None:
    """Put a record's validation errors on the form: on the field with that name, or above the form."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _form_page(request, form, young_person, title, **context):
    return render(request, "reviews/form_page.html", {
        "form": form, "young_person": young_person, "title": title, **context,
    })


def review_list(request, pk):
    """A young person's reviews: those booked (soonest first) and those held (latest first), each with the
    consultations before it and any views the young person sent from the portal. A fixed number of queries."""
    get_worker_or_404(request.user)
    young_person = get_visible_young_person(request.user, pk)
    reviews = list(
        Review.objects.filter(young_person=young_person).select_related("iro").prefetch_related(
            Prefetch("consultations", queryset=Consultation.objects.select_related("iro")),
            "views_submissions",
        ).order_by("-scheduled_for", "-pk")
    )
    booked = sorted((r for r in reviews if r.held_on is None), key=lambda r: (r.scheduled_for, r.pk))
    held = sorted((r for r in reviews if r.held_on is not None), key=lambda r: (r.held_on, r.pk), reverse=True)
    iro_changes = young_person.iro_changes.select_related("previous_iro", "new_iro")
    return render(request, "reviews/review_list.html", {
        "young_person": young_person, "iro": current_iro(young_person), "booked": booked, "held": held,
        "iro_changes": iro_changes, "today": timezone.localdate(),
        "next_due": next_review_due(young_person),  # for "Book the next review" while none is booked
    })


def review_new(request, pk):
    young_person = get_visible_young_person(request.user, pk)
    worker = get_recording_worker_or_403(request, young_person, Record.REVIEW_BOOKING)
    form = ReviewScheduleForm(posted(request), young_person=young_person,
                              initial={"iro": current_iro(young_person)})
    if request.method == "POST" and form.is_valid():
        try:
            review = review_schedule(young_person=young_person, by=worker, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, f"Review booked for {_day(review.scheduled_for)}, chaired by {review.iro.name}.")
            return redirect("review_list", pk=young_person.pk)
    return _form_page(request, form, young_person, "Book a review")


def consultation_new(request, pk, review_pk):
    """The IRO hearing the young person before a review. Recorded against the IRO signed in, or, when
    someone else records it for them, against the IRO chairing the review."""
    young_person = get_visible_young_person(request.user, pk)
    worker = get_recording_worker_or_403(request, young_person, Record.CONSULTATION)
    review = _review_or_404(young_person, review_pk)
    iro = worker if worker.role == Role.IRO else review.iro
    form = prefilled(ConsultationForm(posted(request)), request, "method")
    if request.method == "POST" and form.is_valid():
        try:
            consultation_record(review=review, by=worker, iro=iro, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, f"Consultation before the review on {_day(review.due_on)} saved.")
            return redirect("review_list", pk=young_person.pk)
    return _form_page(request, form, young_person, "Record the consultation before the review", review=review)


def review_held(request, pk, review_pk):
    young_person = get_visible_young_person(request.user, pk)
    worker = get_recording_worker_or_403(request, young_person, Record.REVIEW_OUTCOME)
    review = _review_or_404(young_person, review_pk)
    if review.held_on is not None:
        messages.info(request, f"This review was already recorded as held on {_day(review.held_on)}.")
        return redirect("review_list", pk=young_person.pk)
    form = ReviewHeldForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            review = review_record_held(review=review, by=worker, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            next_due = next_review_due(young_person)
            messages.success(request, f"Review held on {_day(review.held_on)} saved. Now book the next review"
                             + (f": it is due by {_day(next_due)}." if next_due else "."))
            return redirect("review_list", pk=young_person.pk)
    return _form_page(request, form, young_person, "Record the review", review=review)


def iro_change_new(request, pk):
    young_person = get_visible_young_person(request.user, pk)
    worker = get_recording_worker_or_403(request, young_person, Record.IRO_CHANGE)
    iro = current_iro(young_person)
    form = IroChangeForm(posted(request), young_person=young_person, current=iro)
    if request.method == "POST" and form.is_valid():
        try:
            change = iro_change(young_person=young_person, by=worker, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, f"{change.new_iro.name} is now {young_person.full_name}’s IRO.")
            return redirect("review_list", pk=young_person.pk)
    return _form_page(request, form, young_person, "Change IRO", iro=iro)


def views_new(request):
    """'Tell your IRO what you think before your review': sent to the next review booked and not yet held. A care
    leaver has no IRO and no looked-after reviews, so there is no such page for them (404, as for staff)."""
    young_person = young_person_for(request.user)
    if young_person is None or young_person.is_care_leaver:
        raise Http404("Only a young person in care sends views to their IRO")
    review = next_review(young_person, timezone.localdate())
    if review is None:
        return render(request, "reviews/views_new.html", {"review": None, "ask": _who_to_ask(young_person)})
    form = ViewsForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            views_submit(young_person=young_person, review=review, text=form.cleaned_data["text"],
                         now=timezone.now())
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, f"Your IRO {review.iro.name} will read this before your review on "
                                      f"{_day(review.scheduled_for)}.")
            return redirect("my_pledge")
    return render(request, "reviews/views_new.html", {"review": review, "form": form})


def _who_to_ask(young_person) -> str:
    """'your IRO, Ines Reviewer', else their social worker or personal adviser by name, else their council."""
    wanted = [Role.IRO, Role.PERSONAL_ADVISER if young_person.is_care_leaver else Role.SOCIAL_WORKER]
    allocations = {a.role: a.worker for a in Allocation.objects.filter(
        young_person=young_person, ended_on__isnull=True, role__in=wanted).select_related("worker")}
    for role in wanted:
        if role in allocations:
            word = "IRO" if role == Role.IRO else Role(role).label.lower()
            return f"your {word}, {allocations[role].name}"
    council = young_person.council
    return f"{council.name}" + (f" on {council.phone}" if council.phone else "")
