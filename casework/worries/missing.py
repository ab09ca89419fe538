"""Times a child in care was missing, or away from their placement without permission (the SSDA903 Missing table),
and the return interview offered after they came back (statutory guidance on children who run away or go missing
from home or care: within 72 hours of their return; the ledger's "return_interview" measure). Recorded by their
own worker; imported from the council's 903 return too (returns.importing)."""
from datetime import date

from crispy_forms_gds.layout import Field, Size
from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from casework.form_parts import _date_field, _gds_helper
from casework.people.models import Worker, YoungPerson
from casework.people.recording import Record, check_may_record

from .models import MissingEpisode

ACCEPTED = {"yes": True, "no": False, "not_yet": None}


def _not_in_future(day: date | None, what: str, errors: dict, field: str) -> None:
    if day is not None and day > timezone.localdate():
        errors[field] = f"{what} must be today or in the past."


@transaction.atomic
def missing_episode_record(*, young_person: YoungPerson, by: Worker, kind: str, started_on: date,
                           ended_on: date | None = None, return_interview_offered_on: date | None = None,
                           return_interview_accepted: bool | None = None) -> MissingEpisode:
    """Record a time they were missing or away, with their return and the return interview if they are known."""
    check_may_record(by, young_person, Record.MISSING_EPISODE)
    episode = MissingEpisode(young_person=young_person, kind=kind, started_on=started_on)
    return _save(episode, ended_on, return_interview_offered_on, return_interview_accepted)


@transaction.atomic
def missing_episode_return_record(*, episode: MissingEpisode, by: Worker, ended_on: date,
                                  return_interview_offered_on: date | None = None,
                                  return_interview_accepted: bool | None = None) -> MissingEpisode:
    """Record (or correct) the day they came back and the return interview offered after it."""
    episode = MissingEpisode.objects.select_for_update().select_related("young_person").get(pk=episode.pk)
    check_may_record(by, episode.young_person, Record.MISSING_EPISODE)
    return _save(episode, ended_on, return_interview_offered_on, return_interview_accepted)


def _save(episode, ended_on, offered_on, accepted) -> MissingEpisode:
    errors: dict[str, str] = {}
    _not_in_future(episode.started_on, "The date it started", errors, "started_on")
    _not_in_future(ended_on, "The date they came back", errors, "ended_on")
    _not_in_future(offered_on, "The date the return interview was offered", errors, "return_interview_offered_on")
    if errors:
        raise ValidationError(errors)
    episode.ended_on, episode.return_interview_offered_on = ended_on, offered_on
    episode.return_interview_accepted = accepted
    episode.full_clean()
    episode.save()
    return episode


class MissingEpisodeForm(forms.Form):
    """A missing episode, new (`new=True`: what kind and when it started) or its return and return interview."""

    kind = forms.ChoiceField(label="Were they missing, or away without permission?", choices=MissingEpisode.Kind.choices,
                             widget=forms.RadioSelect,
                             error_messages={"required": "Select whether they were missing or away without permission"})
    started_on = _date_field("Date it started", "Enter the date it started", today=True)
    ended_on = _date_field("Date they came back", "Enter the date they came back", required=False,
                           help_text="Leave this empty if they have not come back yet. For example, 27 3 2026")
    return_interview_offered_on = _date_field(
        "Date a return interview was offered", "Enter the date a return interview was offered", required=False,
        help_text="It must be offered within 72 hours of them coming back. For example, 27 3 2026")
    return_interview_accepted = forms.TypedChoiceField(
        label="Did they accept the return interview?", choices=[("yes", "Yes"), ("no", "No, they refused"),
                                                                ("not_yet", "Not offered yet, or they have not said")],
        widget=forms.RadioSelect, coerce=ACCEPTED.get, empty_value=None, initial="not_yet",
        error_messages={"required": "Select whether they accepted the return interview"})

    def __init__(self, *args, new: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        layout = ["ended_on", "return_interview_offered_on",
                  Field.radios("return_interview_accepted", legend_size=Size.SMALL)]
        if new:
            layout = [Field.radios("kind", legend_size=Size.SMALL), "started_on", *layout]
        else:
            del self.fields["kind"], self.fields["started_on"]
            self.fields["ended_on"].required = True
        self.helper = _gds_helper(*layout, submit="Save")
