"""The form for a health check."""
from crispy_forms_gds.layout import Field, Size
from django import forms

from casework.form_parts import TODAY, GovDateField, _gds_helper

from .models import HealthCheck, SdqReason


class HealthCheckForm(forms.Form):
    kind = forms.ChoiceField(label="What kind of check?", choices=HealthCheck.Kind.choices, widget=forms.RadioSelect,
                             error_messages={"required": "Select what kind of check it was"})
    checked_on = GovDateField(label="Date of the check", help_text="For example, 27 3 2026", initial=TODAY)
    sdq_score = forms.IntegerField(label="SDQ total score (only for a Strengths and Difficulties Questionnaire)",
                                   required=False, min_value=0, max_value=40,
                                   error_messages={"invalid": "Enter the score as a whole number from 0 to 40",
                                                   "min_value": "The SDQ total score must be from 0 to 40",
                                                   "max_value": "The SDQ total score must be from 0 to 40"})
    sdq_reason = forms.ChoiceField(label="Or, if there is no SDQ score, why not", required=False,
                                   choices=[("", "There is a score")] + SdqReason.choices,
                                   error_messages={"invalid_choice": "Select why there is no SDQ score"})
    note = forms.CharField(label="A short note (optional)", required=False, max_length=1000,
                           widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["checked_on"].error_messages.update(
            {"required": "Enter the date of the check", "incomplete": "Enter the date of the check"})
        self.helper = _gds_helper(
            Field.radios("kind", legend_size=Size.SMALL),
            "checked_on",
            Field.text("sdq_score", label_size=Size.SMALL, field_width=2),
            Field.select("sdq_reason", legend_size=Size.SMALL),
            Field.textarea("note", label_size=Size.SMALL),
            submit="Save check",
        )
