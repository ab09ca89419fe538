"""The forms of a manager's staffing pages (GOV.UK Design System, crispy-forms-gds). No models here: the choices
of worker are the manager's council's, handed in by the view."""
from crispy_forms_gds.layout import Field, Fieldset, Size
from django import forms

from casework.form_parts import YES_NO, RevealingQuestion, RevealingRadios, _date_field, _gds_helper, _yes_no
from casework.people.models import LegalStatus

from .services import CHANGE_REASONS

ADDED_STATUSES = [(LegalStatus.LOOKED_AFTER.value, "In care (looked after)"),
                  (LegalStatus.CARE_LEAVER.value, "Care leaver (16 to 25)")]


def _line(label: str, missing: str | None, max_length: int, *, help_text: str = ""):
    messages = {"max_length": f"{label.removesuffix(' (optional)')} must be {max_length} characters or fewer"}
    if missing:
        messages["required"] = missing
    return forms.CharField(label=label, max_length=max_length, required=missing is not None, help_text=help_text,
                           error_messages=messages)


class WorkerChoiceField(forms.ModelChoiceField):
    """A worker by name and team, for a drop-down: "Priya Shah (Children in Care Team)"."""

    def label_from_instance(self, worker):
        return f"{worker.name} ({worker.team.name})" if worker.team_id else worker.name


def _worker_field(label: str, workers, *, required: bool, missing: str, empty_label: str | None = None):
    field = WorkerChoiceField(queryset=workers, label=label, required=required, empty_label=empty_label,
                              error_messages={"required": missing, "invalid_choice": "Choose a worker from the list",
                                              "invalid_pk_value": "Choose a worker from the list"})
    return field


class YoungPersonNewForm(forms.Form):
    first_name = _line("First name", "Enter their first name", 100)
    last_name = _line("Last name", "Enter their last name", 100)
    preferred_name = _line("What they like to be called (optional)", None, 100,
                           help_text="We use this when we talk to them")
    date_of_birth = _date_field("Date of birth", "Enter their date of birth", help_text="For example, 27 3 2012")
    legal_status = forms.ChoiceField(label="Are they in care or a care leaver?", choices=ADDED_STATUSES,
                                     widget=forms.RadioSelect,
                                     error_messages={"required": "Select whether they are in care or a care leaver",
                                                     "invalid_choice": "Select whether they are in care or a care "
                                                                       "leaver"})
    became_looked_after_on = _date_field("Date they came into care", "Enter the date they came into care",
                                         help_text="The start of their latest time in care. For example, 27 3 2024")
    child_id = _line("Council's child id (optional)", None, 20,
                     help_text="The CHILD id in your SSDA903 return, if they have one")

    def __init__(self, *args, workers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["worker"] = _worker_field(
            "Social worker or personal adviser (optional)", workers, required=False, missing="",
            empty_label="Allocate later")
        self.fields["worker"].help_text = ("A child in care needs a social worker, a care leaver a personal adviser. "
                                           "You can allocate one later")
        self.fields["allocated_on"] = _date_field(
            "Date the worker was allocated (optional)", "Enter the date the worker was allocated", required=False,
            help_text="Leave empty for today. For example, 27 3 2026")
        self.helper = _gds_helper(
            Fieldset(Field.text("first_name", field_width=20), Field.text("last_name", field_width=20),
                     Field.text("preferred_name", field_width=20), legend="Their name", legend_size=Size.MEDIUM),
            "date_of_birth",
            Field.radios("legal_status", legend_size=Size.SMALL),
            "became_looked_after_on",
            Field.text("child_id", field_width=10),
            Fieldset(Field.select("worker"), "allocated_on", legend="Their worker", legend_size=Size.MEDIUM),
            submit="Add young person",
        )

    def clean_child_id(self):
        return self.cleaned_data["child_id"].strip()


class AllocationForm(forms.Form):
    def __init__(self, *args, workers, role_label: str, moving: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["worker"] = _worker_field(f"New {role_label}" if moving else role_label.capitalize(), workers,
                                              required=True, missing=f"Choose a {role_label}",
                                              empty_label="Choose a worker")
        self.fields["started_on"] = _date_field("Date they take over" if moving else "Date allocated",
                                                "Enter the date they take over" if moving else
                                                "Enter the date they were allocated")
        layout = [Field.select("worker"), "started_on"]
        if moving:
            self.fields["change_reason"] = forms.ChoiceField(
                label="Why is the worker changing?", choices=list(CHANGE_REASONS.items()), widget=forms.RadioSelect,
                error_messages={"required": "Select why the worker is changing",
                                "invalid_choice": "Select why the worker is changing"})
            layout.append(Field.radios("change_reason", legend_size=Size.SMALL))
        self.helper = _gds_helper(*layout, submit="Save worker")

    def clean(self):
        data = super().clean()
        data.setdefault("change_reason", "")
        return data


class TeamDutyForm(forms.Form):
    duty_phone = _line("Duty phone number (optional)", None, 40,
                       help_text="Young people ring this when their worker is away")
    duty_email = forms.EmailField(label="Duty email address (optional)", required=False, max_length=254,
                                  error_messages={"invalid": "Enter an email address in the correct format, like "
                                                             "name@example.com",
                                                  "max_length": "The email address must be 254 characters or fewer"})

    def __init__(self, *args, workers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["duty_worker"] = _worker_field(
            "Duty worker (optional)", workers, required=False, missing="", empty_label="Nobody")
        self.fields["duty_worker"].help_text = ("They see call-back requests from young people whose worker is away")
        self.fields = {name: self.fields[name] for name in ("duty_worker", "duty_phone", "duty_email")}
        self.helper = _gds_helper(Field.select("duty_worker"), Field.text("duty_phone", field_width=20),
                                  Field.text("duty_email", field_width=30), submit="Save duty details")


class WorkerAbsenceForm(forms.Form):
    away = forms.TypedChoiceField(label="Are they away?", choices=YES_NO, widget=forms.RadioSelect, coerce=_yes_no,
                                  error_messages={"required": "Select whether they are away",
                                                  "invalid_choice": "Select whether they are away"})
    away_until = _date_field("Last day they are away", "Enter the last day they are away", required=False,
                             help_text="They are back the day after. For example, 27 3 2026")

    def __init__(self, *args, name: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["away"].label = f"Is {name} away?"
        self.helper = _gds_helper(
            RevealingRadios("away", RevealingQuestion("Yes", "away_until"), "No", legend_size=Size.SMALL),
            submit="Save",
        )

    def clean(self):
        """Only "Yes" keeps a date: "No" (back at work) clears it, whatever was typed in the hidden date."""
        data = super().clean()
        if data.get("away") is False:
            self.errors.pop("away_until", None)
            data["away_until"] = None
        elif data.get("away") and not data.get("away_until") and "away_until" not in self.errors:
            self.add_error("away_until", "Enter the last day they are away")
        return data
