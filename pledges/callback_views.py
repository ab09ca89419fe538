"""A young person's 'call me back' request."""
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone

from casework.contacts.forms import CallbackRequestForm
from casework.contacts.services import callback_request_create
from casework.form_parts import posted
from casework.models import CallbackRequest

from . import status
from .feedback import worker_word
from .models import LedgerEntry
from .views import _own_young_person


def callback_request_new(request):
    """'Ask my social worker to call me': a young person's request, with the promised deadline shown after."""
    young_person = _own_young_person(request)
    open_request = young_person.callback_requests.filter(status=CallbackRequest.Status.OPEN).first()
    if open_request is not None:
        messages.info(request, "You have already asked us to call you back. " + _callback_promise(open_request))
        return redirect("my_pledge")
    form = CallbackRequestForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            callback = callback_request_create(young_person=young_person, now=timezone.now(), **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "We have your request. " + _callback_promise(callback))
            return redirect("my_pledge")
    return render(request, "pledges/callback_request.html", {"form": form, "worker_word": worker_word(young_person)})


def _callback_promise(callback):
    """'We will call you back by Wednesday 30 December', from the ledger row the request started."""
    entry = (
        LedgerEntry.objects.filter(young_person_id=callback.young_person_id, trigger_id=callback.pk,
                                   measure__params__counts="callback")
        .order_by("due_on").first()
    )
    if entry is None:
        return "Your worker will call you back as soon as they can."
    today = timezone.localdate()
    return f"We will call you back by {status.day_words(entry.due_on, today)}."
