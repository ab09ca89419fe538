"""Worker pages that record a contact or visit, or an attempt to call back. Each saves through a service
and goes back to the caseload, where the ledger shows the clocks it moved."""
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone

from casework.form_parts import posted, prefilled
from casework.people.recording import Record, get_recording_worker_or_403
from casework.people.scoping import get_visible_young_person

from .forms import CallbackAttemptForm, ContactForm
from .services import callback_attempt_record, contact_log, open_callback_request


def contact_new(request, pk):
    young_person = get_visible_young_person(request.user, pk)
    worker = get_recording_worker_or_403(request, young_person, Record.CONTACT)
    form = prefilled(ContactForm(posted(request)), request, "kind")  # `?kind=phone` from an overdue row
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
    young_person = get_visible_young_person(request.user, pk)
    worker = get_recording_worker_or_403(request, young_person, Record.CALLBACK_ATTEMPT)
    callback = open_callback_request(young_person)
    if callback is None:
        messages.info(request, f"{young_person.full_name} has no call-back waiting.")
        return redirect("caseload")
    form = CallbackAttemptForm(posted(request))
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
