"""Forms for leaving care pages (GOV.UK, crispy-forms-gds). The rules live in casework.leaving_care.services."""
from decimal import Decimal

from crispy_forms_gds.layout import Field, Size
from django import forms

from casework.form_parts import _date_field, _gds_helper, _text

from .models import InTouch

# The pathway plan's words: field, what staff see, what the young person sees.
PATHWAY_PLAN_SECTIONS = [
    ("goals", "Their hopes and goals", "Your hopes and goals"),
    ("home", "Where they will live, and the help with it", "Where you will live, and the help you get with it"),
    ("education_and_work", "Education, training and work", "Education, training and work"),
    ("money", "Money", "Money"),
    ("health_and_wellbeing", "Health and wellbeing", "Your health and how you are feeling"),
]


class PathwayPlanForm(forms.Form):
    """A new version of the pathway plan. It is always saved as a new version: old versions are never edited."""

    agreed_on = _date_field("Date this version was agreed", "Enter the date this version was agreed", today=True)
    for_return_to_education = forms.BooleanField(
        label="This is a new plan because they want to go back into education or training", required=False,
        help_text="For care leavers aged 18 to 25",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, label, _own in PATHWAY_PLAN_SECTIONS:
            self.fields[name] = _text(label, f"Enter what the plan says about {label[0].lower()}{label[1:]}",
                                      max_length=3000, rows=5)
        self.fields["goals"].help_text = "In their own words"
        self.helper = _gds_helper(
            "agreed_on",
            *[Field.textarea(name, label_size=Size.SMALL, rows=5) for name, _label, _own in PATHWAY_PLAN_SECTIONS],
            Field.checkbox("for_return_to_education", small=True),
            submit="Save as a new version",
        )


class PathwayPlanCopyGivenForm(forms.Form):
    given_on = _date_field("Date they were given a copy", "Enter the date they were given a copy", today=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _gds_helper("given_on", submit="Save")


class NeedsAssessmentForm(forms.Form):
    completed_on = _date_field("Date the assessment was completed", "Enter the date the assessment was completed",
                               today=True)
    summary = _text("What the assessment found", "Enter what the assessment found", max_length=3000, rows=6)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _gds_helper(
            "completed_on",
            Field.textarea("summary", label_size=Size.SMALL, rows=6),
            submit="Save assessment",
        )


TAKEN_UP = {"yes": True, "no": False, "not_yet": None}


class CareersMeetingForm(forms.Form):
    offered_on = _date_field("Date the meeting was offered", "Enter the date the meeting was offered", today=True)
    taken_up = forms.TypedChoiceField(
        label="Did they take it up?", choices=[("yes", "Yes"), ("no", "No"), ("not_yet", "Not yet")],
        widget=forms.RadioSelect, coerce=TAKEN_UP.get, empty_value=None,
        error_messages={"required": "Select whether they took up the meeting"},
    )
    met_on = _date_field("Date they met the careers adviser (if they did)", "Enter the date they met",
                         required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _gds_helper(
            "offered_on",
            Field.radios("taken_up", legend_size=Size.SMALL, inline=True),
            "met_on",
            submit="Save careers meeting",
        )


class InTouchCheckForm(forms.Form):
    """The SSDA903 OC3 check around a care leaver's 17th to 21st birthdays."""

    checked_on = _date_field("Date of the check", "Enter the date of the check", today=True)
    in_touch = forms.ChoiceField(label="Are we in touch with them?", choices=InTouch.choices,
                                 widget=forms.RadioSelect,
                                 error_messages={"required": "Select whether we are in touch with them",
                                                 "invalid_choice": "Select whether we are in touch with them"})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _gds_helper("checked_on", Field.radios("in_touch", legend_size=Size.SMALL),
                                  submit="Save the check")


class ReturnToEducationForm(forms.Form):
    """A care leaver aged 18 to 25 tells their personal adviser they want to go back into education."""

    what = forms.CharField(
        label="What would you like to do?", max_length=300,
        help_text="For example, a college course, an apprenticeship, university or training for a job",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Tell us what you would like to do",
                        "max_length": "Keep this to 300 characters or fewer"},
    )

    def __init__(self, *args, action: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _gds_helper(Field.textarea("what", label_size=Size.SMALL), submit="Tell my personal adviser")
        self.helper.form_action = action


AMOUNT_IN_POUNDS = "Enter an amount in pounds, like 150 or 149.99"


class PoundsField(forms.DecimalField):
    """An amount in pounds and pence, typed as people write it ("150", "149.99", "£1,200"), cleaned to whole
    pence (an int). GOV.UK asks for a text input for money, not a number input."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_digits", 7)
        kwargs.setdefault("decimal_places", 2)
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal", "spellcheck": "false"}))
        super().__init__(**kwargs)

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().removeprefix("£").replace(",", "").strip()
        return super().to_python(value)

    def clean(self, value):
        amount = super().clean(value)
        return None if amount is None else int(amount * 100)


class GrantPaymentForm(forms.Form):
    """A payment from a young person's leaving care grant. `show_override` adds a manager's reason for paying
    more than is left (casework.leaving_care.views.grant_payment_new shows it to a manager once a payment is over)."""

    paid_on = _date_field("Date paid", "Enter the date it was paid", today=True)
    amount = PoundsField(
        label="Amount in pounds", help_text="For example, 150 or 149.99",
        min_value=Decimal("0.01"), max_value=Decimal("99999.99"),
        error_messages={"required": "Enter the amount in pounds", "invalid": AMOUNT_IN_POUNDS,
                        "min_value": "The amount must be more than £0",
                        "max_value": "The amount must be less than £100,000",
                        "max_digits": "The amount must be less than £100,000",
                        "max_whole_digits": "The amount must be less than £100,000",
                        "max_decimal_places": AMOUNT_IN_POUNDS},
    )
    what_for = forms.CharField(label="What was it for?", max_length=200, help_text="For example, bed and bedding",
                               error_messages={"required": "Enter what the payment was for",
                                               "max_length": "What it was for must be 200 characters or fewer"})
    over_balance_reason = _text(
        "Why are you approving a payment over what is left of the grant?",
        "Enter why you are approving a payment over what is left of the grant", max_length=1000, rows=3,
        required=False,
        help_text="As a manager you can approve it. Your name and this reason are kept with the payment.",
    )

    def __init__(self, *args, show_override: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.show_override = show_override
        layout = [
            "paid_on",
            Field.text("amount", label_size=Size.SMALL, field_width=10),
            Field.text("what_for", label_size=Size.SMALL),
        ]
        if show_override:
            layout.append(Field.textarea("over_balance_reason", label_size=Size.SMALL, rows=3))
        else:
            del self.fields["over_balance_reason"]
        self.helper = _gds_helper(*layout, submit="Save payment")
