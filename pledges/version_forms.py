"""Forms for a manager's draft of a new pledge version, rendered with crispy-forms-gds (GOV.UK Design System)."""
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Size, Submit
from django import forms

from .models import Basis
from .versions import UNIT_LIMITS, unit_of


def _helper(*layout, submit: str) -> FormHelper:
    helper = FormHelper()
    helper.attrs = {"novalidate": ""}  # our GOV.UK error summary, not the browser's pop-up
    helper.layout = Layout(*layout, Submit("submit", submit))
    return helper


class PromiseForm(forms.Form):
    title = forms.CharField(label="Heading (optional)", required=False, max_length=300,
                            help_text="Only where the pledge gives this promise a heading of its own",
                            error_messages={"max_length": "The heading must be 300 characters or fewer"})
    text = forms.CharField(label="The promise", max_length=2000, widget=forms.Textarea(attrs={"rows": 5}),
                           help_text="In the council's own words, as young people will read it",
                           error_messages={"required": "Enter the promise",
                                           "max_length": "The promise must be 2,000 characters or fewer"})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(Field.text("title", label_size=Size.SMALL),
                              Field.textarea("text", label_size=Size.SMALL, rows=5), submit="Save promise")


class NewPromiseForm(PromiseForm):
    """A new promise. Measures are set up with the council's data, not here, so it says why it is not measured."""

    not_measured_reason = forms.CharField(
        label="Why is this promise not measured?", max_length=1000, widget=forms.Textarea(attrs={"rows": 3}),
        help_text="New promises have no deadline in Pledge Portal. Say how it is kept, for example by a record or "
                  "a way of working",
        error_messages={"required": "Say why this promise is not measured",
                        "max_length": "The reason must be 1,000 characters or fewer"})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(Field.text("title", label_size=Size.SMALL),
                              Field.textarea("text", label_size=Size.SMALL, rows=5),
                              Field.textarea("not_measured_reason", label_size=Size.SMALL, rows=3),
                              submit="Add promise")


def _number_field(unit: str, label: str) -> forms.IntegerField:
    word, limit = unit.replace("_", " "), UNIT_LIMITS[unit]
    out_of_range = f"The number of {word} must be a whole number from 1 to {limit}"
    return forms.IntegerField(
        label=label, min_value=1, max_value=limit,
        # GOV.UK asks for a text input for numbers (a number input's spinner and scrolling change values).
        widget=forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": "false"}),
        error_messages={"required": f"Enter the number of {word}", "invalid": out_of_range,
                        "min_value": out_of_range, "max_value": out_of_range},
    )


ORDINAL_WORDS = ["First", "Second", "Third", "Fourth", "Fifth"]


class MeasureChangeForm(forms.Form):
    """The numbers of one measure (each step, then the repeating interval) and the name staff see."""

    def __init__(self, *args, measure, **kwargs):
        super().__init__(*args, **kwargs)
        params, every = measure.params, measure.rule == "every"
        steps = params.get("steps", [])
        layout = []
        for n, step in enumerate(steps, start=1):
            unit = unit_of(step)
            self.fields[f"step_{n}"] = _number_field(
                unit, f"{ORDINAL_WORDS[n - 1] if n <= len(ORDINAL_WORDS) else f'Step {n}'}: within how many "
                      f"{unit.replace('_', ' ')}?")
            layout.append(Field.text(f"step_{n}", label_size=Size.SMALL, field_width=3))
        unit = unit_of(params)
        question = f"{'Every' if every else 'Within'} how many {unit.replace('_', ' ')}?"
        self.fields["interval"] = _number_field(unit, f"Then: {question.lower()}" if steps else question)
        self.fields["name"] = forms.CharField(
            label="The name staff see", max_length=200,
            help_text="Staff see it beside each young person's due date. Say the new numbers here too",
            error_messages={"required": "Enter the name staff see",
                            "max_length": "The name must be 200 characters or fewer"})
        if measure.basis == Basis.STATUTORY:  # the law's numbers: shown, never taken from what is posted
            for form_field in self.fields.values():
                form_field.disabled = True
        self.helper = _helper(*layout, Field.text("interval", label_size=Size.SMALL, field_width=3),
                              Field.text("name", label_size=Size.SMALL), submit="Save change")

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        steps = sorted((name for name in data if name.startswith("step_")), key=lambda name: int(name[5:]))
        return {"interval": data["interval"], "steps": [data[name] for name in steps], "name": data["name"]}
