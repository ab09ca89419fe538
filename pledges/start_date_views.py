"""The manager's page for the day the council measures promises from (pledges.start_date).

Only the council's managers: another worker gets a 403, a young person a 404 (dashboard_views.manager_or_403). The
page is about the manager's own council; there is no id in the address to reach another's.
"""
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone

from casework.form_parts import _add_errors, posted

from .dashboard_views import manager_or_403
from .start_date import EXPLAINED, MeasuringFromForm, council_set_measuring_from


def measuring_from_edit(request):
    worker = manager_or_403(request.user)
    council, today = worker.council, timezone.localdate()
    form = MeasuringFromForm(posted(request), today=today, initial={"measuring_from": council.measuring_from})
    if request.method == "POST" and form.is_valid():
        try:
            changed = council_set_measuring_from(council=council, worker=worker, today=today,
                                                 measuring_from=form.cleaned_data["measuring_from"])
        except ValidationError as error:
            _add_errors(form, error)
        else:
            day = form.cleaned_data["measuring_from"]
            if not changed:
                messages.info(request, "No change: the date is as it was.")
            elif day is None:
                messages.success(request, "The portal now measures everything it holds. Young people's promises "
                                          "are being updated; the dashboard shows the new figures when it is done.")
            else:
                messages.success(request, f"The portal now measures promises from {day:%-d %B %Y}. Young people's "
                                          "promises are being updated; the dashboard shows the new figures when it "
                                          "is done.")
            return redirect("compliance_dashboard")
    return render(request, "pledges/measuring_from.html", {
        "form": form, "council": council, "explained": EXPLAINED,
    })
