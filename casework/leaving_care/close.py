"""Staying Close and the accommodation the council provides a care leaver: the writes and their forms.

- Staying Close (Children's Wellbeing and Schools Act 2026 s7): a care leaver under 25 asks for an assessment from
  their own pathway plan page; their personal adviser records it done and what was decided. Neither council's pledge
  gives a timescale, so the council's own default is the "staying_close" measure: an answer within 20 working days.
- Regulation 8 of the Care Leavers (England) Regulations 2010: while the council provides their accommodation, their
  personal adviser visits within 7 days of it starting, then at most every 2 months (the "adviser_visit" measure,
  counting visits logged by a personal adviser). One home at a time: a new one starts after the last one ended.
"""
from datetime import date

from crispy_forms_gds.layout import Field, Size
from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction

from casework.form_parts import _date_field, _gds_helper, _text
from casework.people.models import Worker, YoungPerson
from casework.people.recording import Record, check_may_record
from casework.people.services import lock_young_person

from .models import CouncilAccommodation, StayingCloseRequest
from .services import _day_error, _raise

STAYING_CLOSE_UNTIL = 25  # a care leaver may ask until their 25th birthday
STAYING_CLOSE_AGE_ERROR = "You can ask for a Staying Close assessment until you are 25."
STAYING_CLOSE_LEAVERS_ONLY = "Staying Close is for young people who have left care."


def may_ask_for_staying_close(young_person: YoungPerson, on: date) -> bool:
    return young_person.is_care_leaver and young_person.age_on(on) < STAYING_CLOSE_UNTIL


@transaction.atomic
def staying_close_request(*, young_person: YoungPerson, what: str, asked_on: date) -> StayingCloseRequest:
    """A care leaver under 25 asks for a Staying Close assessment. One at a time: while one waits for its answer,
    asking again is refused with when they asked."""
    young_person = lock_young_person(young_person)
    _raise({"asked_on": error} if (error := _day_error(young_person, asked_on, "The date you asked")) else {})
    if not young_person.is_care_leaver:
        raise ValidationError(STAYING_CLOSE_LEAVERS_ONLY, code="care_leaver")
    if not may_ask_for_staying_close(young_person, asked_on):
        raise ValidationError(STAYING_CLOSE_AGE_ERROR, code="age")
    waiting = young_person.staying_close_requests.filter(answered_on__isnull=True).first()
    if waiting is not None:
        raise ValidationError(f"You asked on {waiting.asked_on:%-d %B %Y}. Your personal adviser will answer that "
                              "first.", code="waiting")
    request = StayingCloseRequest(young_person=young_person, what=what.strip(), asked_on=asked_on)
    request.full_clean()
    request.save()
    return request


@transaction.atomic
def staying_close_answer(*, request: StayingCloseRequest, by: Worker, answered_on: date, decision: str,
                         answer: str) -> StayingCloseRequest:
    """Their personal adviser records the assessment done and what was decided, once."""
    request = StayingCloseRequest.objects.select_for_update(of=("self",)).select_related("young_person").get(
        pk=request.pk)
    check_may_record(by, request.young_person, Record.PATHWAY_PLAN)
    if request.answered_on is not None:
        raise ValidationError(f"This request was answered on {request.answered_on:%-d %B %Y}.")
    error = _day_error(request.young_person, answered_on, "The date of the assessment")
    if error is None and answered_on is not None and answered_on < request.asked_on:
        error = f"The date of the assessment must be on or after the day they asked ({request.asked_on:%-d %B %Y})."
    _raise({"answered_on": error} if error else {})
    request.answered_on, request.decision, request.answer, request.answered_by = answered_on, decision, answer, by
    request.full_clean()
    request.save()
    return request


@transaction.atomic
def council_accommodation_start(*, young_person: YoungPerson, by: Worker, kind: str,
                                started_on: date) -> CouncilAccommodation:
    """Record a care leaver moving into accommodation the council provides: their adviser's visits are owed."""
    check_may_record(by, young_person, Record.PATHWAY_PLAN)
    young_person = lock_young_person(young_person)
    errors = {}
    if error := _day_error(young_person, started_on, "The date they moved in"):
        errors["started_on"] = error
    elif not young_person.is_care_leaver:
        errors["started_on"] = "Only a care leaver's accommodation is recorded here."
    last = young_person.council_accommodations.order_by("-started_on", "-pk").first()
    if last is not None and last.ended_on is None:
        errors["started_on"] = (f"Record the day they moved out of the {last.get_kind_display().lower()} they moved "
                                f"into on {last.started_on:%-d %B %Y} first.")
    elif last is not None and started_on is not None and started_on <= last.ended_on:
        errors["started_on"] = f"The date they moved in must be after they moved out of the last one, on " \
                               f"{last.ended_on:%-d %B %Y}."
    _raise(errors)
    home = CouncilAccommodation(young_person=young_person, kind=kind, started_on=started_on, recorded_by=by)
    home.full_clean()
    home.save()
    return home


@transaction.atomic
def council_accommodation_end(*, accommodation: CouncilAccommodation, by: Worker,
                              ended_on: date) -> CouncilAccommodation:
    """Record the day they moved out: no visit is owed under it after that day."""
    home = CouncilAccommodation.objects.select_for_update(of=("self",)).select_related("young_person").get(
        pk=accommodation.pk)
    check_may_record(by, home.young_person, Record.PATHWAY_PLAN)
    error = _day_error(home.young_person, ended_on, "The date they moved out")
    if error is None and ended_on is not None and ended_on < home.started_on:
        error = f"The date they moved out must be on or after the day they moved in ({home.started_on:%-d %B %Y})."
    _raise({"ended_on": error} if error else {})
    home.ended_on = ended_on
    home.full_clean()
    home.save()
    return home


# --- Forms -------------------------------------------------------------------------------------------


class StayingCloseRequestForm(forms.Form):
    """A care leaver asks for a Staying Close assessment (their own pathway plan page)."""

    what = forms.CharField(
        label="Anything you want your personal adviser to know? (optional)", max_length=1000, required=False,
        help_text="For example, where you would like to live, or who you would like to stay close to",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": "Keep this to 1,000 characters or fewer"},
    )

    def __init__(self, *args, action: str = "", **kwargs):
        # Its own prefix: it shares the page with the "go back into education" form, whose question is "what" too.
        super().__init__(*args, prefix="close", **kwargs)
        self.helper = _gds_helper(Field.textarea("what", label_size=Size.SMALL),
                                  submit="Ask for a Staying Close assessment")
        self.helper.form_action = action


class StayingCloseAnswerForm(forms.Form):
    answered_on = _date_field("Date the assessment was done", "Enter the date the assessment was done", today=True)
    decision = forms.ChoiceField(label="What was decided?", choices=StayingCloseRequest.Decision.choices,
                                 widget=forms.RadioSelect, error_messages={"required": "Select what was decided"})
    answer = _text("Why, in words they will understand", "Enter why", max_length=2000, rows=4,
                   help_text="They can read this on their pathway plan page.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _gds_helper("answered_on", Field.radios("decision", legend_size=Size.SMALL),
                                  Field.textarea("answer", label_size=Size.SMALL, rows=4), submit="Save the answer")


class CouncilAccommodationForm(forms.Form):
    kind = forms.ChoiceField(label="What kind of accommodation?", choices=CouncilAccommodation.Kind.choices,
                             widget=forms.RadioSelect,
                             error_messages={"required": "Select what kind of accommodation it is"})
    started_on = _date_field("Date they moved in", "Enter the date they moved in", today=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _gds_helper(Field.radios("kind", legend_size=Size.SMALL), "started_on", submit="Save")


class CouncilAccommodationEndForm(forms.Form):
    ended_on = _date_field("Date they moved out", "Enter the date they moved out", today=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _gds_helper("ended_on", submit="Save")
