"""Pages for Staying Close and the accommodation the council provides (casework.leaving_care.close): the young
person asks from their own pathway plan page; staff answer and record homes from the pathway plan page."""
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from casework.form_parts import _add_errors, posted
from casework.people.recording import Record, get_recording_worker_or_403
from casework.people.scoping import get_visible_young_person

from .close import (
    CouncilAccommodationEndForm,
    CouncilAccommodationForm,
    StayingCloseAnswerForm,
    StayingCloseRequestForm,
    council_accommodation_end,
    council_accommodation_start,
    may_ask_for_staying_close,
    staying_close_answer,
)


def my_staying_close(young_person, form=None) -> dict:
    """What the young person's pathway plan page shows of Staying Close and the home the council provides: their
    requests with the answers, the form to ask (care leavers under 25, none waiting) and their current home."""
    requests = list(young_person.staying_close_requests.all())
    can_ask = may_ask_for_staying_close(young_person, timezone.localdate()) and all(r.answered_on for r in requests)
    if can_ask and form is None:
        form = StayingCloseRequestForm(action=reverse("staying_close_new"))
    home = young_person.council_accommodations.filter(ended_on__isnull=True).first()
    return {"staying_close": requests, "close_form": form, "can_ask_close": can_ask, "council_home": home}


def _form_page(request, young_person, form, title, intro=""):
    return render(request, "casework/young_person_form.html", {
        "form": form, "young_person": young_person, "title": title, "intro": intro,
        "back_url": reverse("pathway_plan", args=[young_person.pk]), "back_text": "Back to the pathway plan",
    })


def _saved(request, young_person, message):
    messages.success(request, message)
    return redirect("pathway_plan", pk=young_person.pk)


def staying_close_answer_view(request, pk, request_pk):
    young_person = get_visible_young_person(request.user, pk)
    worker = get_recording_worker_or_403(request, young_person, Record.PATHWAY_PLAN)
    asked = get_object_or_404(young_person.staying_close_requests, pk=request_pk)
    if asked.answered_on:
        messages.info(request, f"This request was answered on {asked.answered_on:%-d %B %Y}.")
        return redirect("pathway_plan", pk=young_person.pk)
    form = StayingCloseAnswerForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            staying_close_answer(request=asked, by=worker, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            return _saved(request, young_person, f"Saved: the answer to {young_person.display_name}'s request.")
    return _form_page(request, young_person, form, "Record the Staying Close assessment",
                      intro=f"They asked on {asked.asked_on:%-d %B %Y}{': ' + asked.what if asked.what else '.'}")


def council_accommodation_new(request, pk):
    young_person = get_visible_young_person(request.user, pk)
    worker = get_recording_worker_or_403(request, young_person, Record.PATHWAY_PLAN)
    form = CouncilAccommodationForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            council_accommodation_start(young_person=young_person, by=worker, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            return _saved(request, young_person, f"Saved: {young_person.display_name}'s new home.")
    return _form_page(request, young_person, form, "Record accommodation we provide",
                      intro="While we provide their home, their personal adviser visits within 7 days of them moving "
                            "in, then at least every 2 months.")


def council_accommodation_end_view(request, pk, home_pk):
    young_person = get_visible_young_person(request.user, pk)
    worker = get_recording_worker_or_403(request, young_person, Record.PATHWAY_PLAN)
    home = get_object_or_404(young_person.council_accommodations, pk=home_pk)
    form = CouncilAccommodationEndForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            council_accommodation_end(accommodation=home, by=worker, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            return _saved(request, young_person, f"Saved: the day {young_person.display_name} moved out.")
    return _form_page(request, young_person, form, "Record the day they moved out", intro=f"{home}.")
