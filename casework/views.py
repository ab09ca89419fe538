"""Worker pages that record events: a contact or visit, a call-back attempt. Each saves through a service
and goes back to the caseload, where the ledger shows the clocks it moved."""
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone

from .forms import CallbackAttemptForm, ContactForm
from .scoping import get_visible_young_person, worker_for
from .services import callback_attempt_record, contact_log, open_callback_request


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
