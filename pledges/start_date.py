"""The day a council's portal measures promises from (Council.measuring_from), and the manager's form to set it.

A council's records come with years of history the portal never measured. What was due before the start date is
history, not lateness (pledges.rules.measured_from says exactly what that means for a cycle); the dashboards count
from it (pledges.dashboard_filters). Changing it rebuilds the council's ledger in the background, never inside the
manager's request: a council's ledger is millions of rows.
"""
from datetime import date

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Size, Submit
from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction

from casework.form_parts import GovDateField
from casework.models import Council, Role, Worker

from .dashboard_filters import EARLIEST
from .ledger.runs import ledger_recompute_start
from .recompute_runs import LedgerRecomputeRun

EXPLAINED = ("The portal measures promises from this date. Anything due before it is history: it is not counted as "
             "kept or late.")


@transaction.atomic
def council_set_measuring_from(*, council: Council, measuring_from: date | None, worker: Worker,
                               today: date) -> bool:
    """A manager of the council sets the day it measures from (None: measure everything held). Returns whether it
    changed; a change queues the council's ledger rebuild, which starts once this transaction commits."""
    if worker.role != Role.MANAGER or worker.council_id != council.pk:
        raise ValidationError("Only a manager of the council can change the date it measures promises from")
    # A start still to come would hide today's overdue promises until then: the portal measures from a day that has
    # come. Nothing the portal holds is older than EARLIEST (a young person is 25 at most).
    if measuring_from is not None and measuring_from > today:
        raise ValidationError({"measuring_from": "The date must be today or in the past"})
    if measuring_from is not None and measuring_from < EARLIEST:
        raise ValidationError({"measuring_from": f"The date must be on or after {EARLIEST:%-d %B %Y}"})
    council = Council.objects.select_for_update().get(pk=council.pk)
    if council.measuring_from == measuring_from:
        return False
    council.measuring_from = measuring_from
    council.full_clean()
    council.save(update_fields=["measuring_from"])
    ledger_recompute_start(council_id=council.pk, reason=LedgerRecomputeRun.Reason.MEASURING_FROM)
    return True


@transaction.atomic
def council_start_measuring_on_import(*, council: Council, measuring_from: date) -> bool:
    """The first import of a council's records sets the day it measures from, when none is set (a manager's date is
    never overwritten). Returns whether it set it. No background rebuild is queued: the import is already rebuilding
    the ledger of every young person it touched, and its caller adds the council's other young people to that same
    rebuild (returns.importing.service), so the council's ledger is rebuilt once, in the import's transaction."""
    if measuring_from < EARLIEST:
        raise ValidationError({"measuring_from": f"The date must be on or after {EARLIEST:%-d %B %Y}"})
    council = Council.objects.select_for_update().get(pk=council.pk)
    if council.measuring_from is not None:
        return False
    council.measuring_from = measuring_from
    council.save(update_fields=["measuring_from"])
    return True


class MeasuringFromForm(forms.Form):
    measuring_from = GovDateField(
        label="Measure promises from", required=False,
        help_text=f"{EXPLAINED} Leave it empty to measure everything the portal holds. For example, 1 4 2026",
    )

    def __init__(self, *args, today: date, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        self.helper = FormHelper()
        self.helper.attrs = {"novalidate": ""}
        self.helper.layout = Layout(Field("measuring_from", legend_size=Size.MEDIUM), Submit("submit", "Save"))

    def clean_measuring_from(self):
        day = self.cleaned_data.get("measuring_from")
        if day is not None and day > self.today:
            raise forms.ValidationError("The date must be today or in the past")
        if day is not None and day < EARLIEST:
            raise forms.ValidationError(f"The date must be on or after {EARLIEST:%-d %B %Y}")
        return day
