"""Forms for a young person's education records, rendered with crispy-forms-gds (GOV.UK Design System)."""
from crispy_forms_gds.layout import Field, Size
from django import forms

from casework.form_parts import TODAY, GovDateField, _gds_helper

from .models import EducationStatus

TAKEN_UP = [("yes", "Yes"), ("no", "No"), ("not_yet", "Not yet")]
_TAKEN_UP_VALUES = {"yes": True, "no": False, "not_yet": None}


def _date(label: str, missing: str) -> GovDateField:
    field = GovDateField(label=label, help_text="For example, 27 3 2026", initial=TODAY)
    field.error_messages.update({"required": missing, "incomplete": missing})
    return field


def _text(label: str, missing: str, *, max_length: int, rows: int = 0, required: bool = True, help_text: str = ""):
    widget = forms.Textarea(attrs={"rows": rows}) if rows else forms.TextInput
    return forms.CharField(label=label, max_length=max_length, required=required, widget=widget, help_text=help_text,
                           error_messages={"required": missing,
                                           "max_length": f"This must be {max_length:,} characters or fewer"})


class PepForm(forms.Form):
    reviewed_on = _date("Date of the PEP meeting", "Enter the date of the PEP meeting")
    school = _text("School", "Enter the name of the school", max_length=200)
    young_person_involved = forms.TypedChoiceField(
        label="Was the young person involved?", help_text="Were they part of the meeting or did they give their views?",
        choices=[("yes", "Yes"), ("no", "No")], widget=forms.RadioSelect, coerce=lambda value: value == "yes",
        error_messages={"required": "Select whether the young person was involved"},
    )
    targets = _text("Targets", "Enter the targets agreed at the meeting", max_length=3000, rows=5,
                    help_text="Write them so the young person can read them.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _gds_helper(
            "reviewed_on",
            Field.text("school", label_size=Size.SMALL),
            Field.radios("young_person_involved", legend_size=Size.SMALL, inline=True),
            Field.textarea("targets", label_size=Size.SMALL),
            submit="Save PEP",
        )


class WorkExperienceForm(forms.Form):
    offered_on = _date("Date it was offered", "Enter the date it was offered")
    description = _text("What was offered?", "Enter what was offered", max_length=300,
                        help_text="For example, a week at a garage.")
    taken_up = forms.TypedChoiceField(
        label="Did they take it up?", choices=TAKEN_UP, widget=forms.RadioSelect,
        coerce=lambda value: _TAKEN_UP_VALUES[value],
        error_messages={"required": "Select whether they took it up"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _gds_helper(
            "offered_on",
            Field.text("description", label_size=Size.SMALL),
            Field.radios("taken_up", legend_size=Size.SMALL, inline=True),
            submit="Save offer",
        )


class EducationStatusForm(forms.Form):
    recorded_on = _date("Date", "Enter the date")
    status = forms.ChoiceField(label="What are they doing?", choices=EducationStatus.Status.choices,
                               widget=forms.RadioSelect,
                               error_messages={"required": "Select what they are doing"})
    where = _text("Where? (optional)", "", max_length=200, required=False,
                  help_text="For example, the college, training provider or employer.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _gds_helper(
            "recorded_on",
            Field.radios("status", legend_size=Size.SMALL),
            Field.text("where", label_size=Size.SMALL),
            submit="Save status",
        )
