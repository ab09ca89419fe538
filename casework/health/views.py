"""Staff pages for a young person's health checks. Their due dates are on the promise ledger."""
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render

from casework.form_parts import posted, prefilled
from casework.people.recording import Record, get_recording_worker_or_403
from casework.people.scoping import get_visible_young_person, get_worker_or_404

from .forms import HealthCheckForm
from .services import health_check_record


def health_checks(request, pk):
    get_worker_or_404(request.user)
    young_person = get_visible_young_person(request.user, pk)
    checks = young_person.health_checks.order_by("-checked_on", "-pk")
    return render(request, "casework/health_checks.html", {"young_person": young_person, "checks": checks})


def health_check_new(request, pk):
    young_person = get_visible_young_person(request.user, pk)
    worker = get_recording_worker_or_403(request, young_person, Record.HEALTH_CHECK)
    form = prefilled(HealthCheckForm(posted(request)), request, "kind")  # `?kind=dental` from an overdue row
    if request.method == "POST" and form.is_valid():
        try:
            health_check_record(young_person=young_person, recorded_by=worker, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"Check for {young_person.full_name} saved.")
            return redirect("health_checks", pk=young_person.pk)
    return render(request, "casework/form_page.html", {
        "form": form, "young_person": young_person, "title": "Record a health check",
    })
