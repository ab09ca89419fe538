"""Forms for a care plan, a copy of it given, and a placement or move."""
from crispy_forms_gds.layout import Field, Fieldset, Size
from django import forms

from casework.form_parts import YES_NO, RevealingQuestion, RevealingRadios, _date_field, _gds_helper, _text, _yes_no

from .models import CARE_PLAN_CONSIDERED, CARE_PLAN_CONSIDERED_NOTES, AdvocateOffer, CarePlanVersion, PlacementKind


class CarePlanForm(forms.Form):
    """A new version of a care plan. It is always saved as a new version: old versions are never edited."""

    agreed_on = _date_field("Date this version was agreed", "Enter the date this version was agreed", today=True)
    needs = _text("What they need", "Enter what they need", rows=6)
    actions = _text("What will happen", "Enter what will happen", rows=6)
    responsibilities = _text("Who does what, by when", "Enter who does what, by when", rows=6)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, label in CARE_PLAN_CONSIDERED_NOTES.items():
            self.fields[name] = _text(label, f"Enter how the plan considers their {label.lower()}",
                                      max_length=1000, rows=2)
        self.helper = _gds_helper(
            "agreed_on",
            Field.textarea("needs", label_size=Size.SMALL, rows=6),
            Field.textarea("actions", label_size=Size.SMALL, rows=6),
            Field.textarea("responsibilities", label_size=Size.SMALL, rows=6),
            Fieldset(
                *[Field.textarea(name, label_size=Size.SMALL, rows=2)
                  for name in CARE_PLAN_CONSIDERED_NOTES],
                legend=CARE_PLAN_CONSIDERED, legend_size=Size.MEDIUM,
            ),
            submit="Save as a new version",
        )


class CarePlanCopyGivenForm(forms.Form):
    given_on = _date_field("Date they were given a copy", "Enter the date they were given a copy", today=True)
    how = forms.ChoiceField(label="How were they given it?", choices=CarePlanVersion.CopyGivenHow.choices,
                            widget=forms.RadioSelect,
                            error_messages={"required": "Select how they were given a copy"})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _gds_helper(
            "given_on",
            Field.radios("how", legend_size=Size.SMALL),
            submit="Save",
        )


class PlacementForm(forms.Form):
    """A first placement, or a move when the young person already has one. One page for both; the move
    questions (advocate, school wishes) reveal their follow-up questions with GOV.UK conditional radios."""

    kind = forms.ChoiceField(label="Type of placement", choices=PlacementKind.choices, widget=forms.RadioSelect,
                             error_messages={"required": "Select the type of placement"})
    # Regulation 28's visit schedule turns on these (casework.plans.models.VisitSchedule).
    before_assessment = forms.BooleanField(
        label="They were placed with their parents before the assessment was finished", required=False,
        help_text="Their social worker then visits every week until their first review.")
    meant_to_last_until_18 = forms.BooleanField(
        label="This placement is meant to last until they are 18 (long-term or permanent)", required=False,
        help_text="After its first year, visits are then due at least every 3 months instead of every 6 weeks.")
    carer_or_home = forms.CharField(label="Name of the carer or home", max_length=200, error_messages={
        "required": "Enter the name of the carer or home",
        "max_length": "The name of the carer or home must be 200 characters or fewer"})
    started_on = _date_field("Start date", "Enter the start date", today=True)
    distance_miles = forms.DecimalField(
        label="How far is it from their home area, in miles? (optional)", required=False, min_value=0,
        max_digits=5, decimal_places=1, max_value=9999.9,
        # GOV.UK asks for a text input for numbers (a number input's spinner and scrolling change values).
        widget=forms.TextInput(attrs={"inputmode": "decimal", "spellcheck": "false"}),
        error_messages={"invalid": "Enter the distance as a number, like 12 or 12.5",
                        "min_value": "The distance must be 0 miles or more",
                        "max_value": "The distance must be less than 10,000 miles",
                        "max_digits": "The distance must be less than 10,000 miles",
                        "max_decimal_places": "Enter the distance to 1 decimal place, like 12.5",
                        "max_whole_digits": "The distance must be less than 10,000 miles"},
    )
    school_stayed_same = forms.TypedChoiceField(
        label="Did they stay at the same school?", choices=YES_NO, widget=forms.RadioSelect, coerce=_yes_no,
        error_messages={"required": "Select whether they stayed at the same school"},
    )
    # For a move only.
    advocate_offer = forms.ChoiceField(
        label="Were they offered an advocate before the move?", choices=AdvocateOffer.choices,
        widget=forms.RadioSelect, required=False,
    )
    advocate_offered_on = _date_field("Date they were offered an advocate",
                                      "Enter the date they were offered an advocate", required=False)
    advocate_not_offered_reason = _text("Why were they not offered an advocate?",
                                        "Enter why they were not offered an advocate", rows=3, required=False)
    school_wish_recorded = forms.TypedChoiceField(
        label="Did you record what they wanted about school?",
        choices=[("yes", "Yes"), ("no", "No")], widget=forms.RadioSelect, coerce=_yes_no, required=False,
        empty_value=None,
    )
    school_wish = _text("What did they want about school?", "Enter what they wanted about school", rows=3,
                        required=False)

    MOVE_FIELDS = ["advocate_offer", "advocate_offered_on", "advocate_not_offered_reason",
                   "school_wish_recorded", "school_wish"]

    def __init__(self, *args, is_move: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.is_move = is_move
        kinds = [RevealingQuestion(label, Field.checkbox("before_assessment", small=True))
                 if value == PlacementKind.WITH_PARENTS else label for value, label in PlacementKind.choices]
        layout = [
            RevealingRadios("kind", *kinds, legend_size=Size.SMALL),
            Field.checkbox("meant_to_last_until_18", small=True),
            Field.text("carer_or_home", label_size=Size.SMALL),
            "started_on",
            Field.text("distance_miles", label_size=Size.SMALL, field_width=5),
            Field.radios("school_stayed_same", legend_size=Size.SMALL),
        ]
        if is_move:
            self.fields["started_on"].label = "Date they moved"
            self.fields["started_on"].error_messages.update(
                {"required": "Enter the date they moved", "incomplete": "Enter the date they moved"})
            layout += [
                RevealingRadios(
                    "advocate_offer",
                    RevealingQuestion(AdvocateOffer.OFFERED.label, "advocate_offered_on"),
                    AdvocateOffer.NOT_OFFERED_EMERGENCY.label,
                    RevealingQuestion(AdvocateOffer.NOT_OFFERED.label,
                                      Field.textarea("advocate_not_offered_reason", rows=3)),
                    legend_size=Size.SMALL,
                ),
                RevealingRadios(
                    "school_wish_recorded",
                    RevealingQuestion("Yes", Field.textarea("school_wish", rows=3)),
                    "No",
                    legend_size=Size.SMALL,
                ),
            ]
        else:
            for name in self.MOVE_FIELDS:
                del self.fields[name]
        self.helper = _gds_helper(*layout, submit="Save move" if is_move else "Save placement")

    def clean(self):
        """Keep only the answers to the questions that were revealed: a date typed under "Yes" and then left
        behind by choosing "No" is not saved."""
        data = super().clean()
        if data.get("kind") != PlacementKind.WITH_PARENTS:
            data["before_assessment"] = False
        if self.is_move:
            offer = data.get("advocate_offer")
            if offer != AdvocateOffer.OFFERED:
                data["advocate_offered_on"] = None
            if offer != AdvocateOffer.NOT_OFFERED:
                data["advocate_not_offered_reason"] = ""
            if not data.get("school_wish_recorded"):
                data["school_wish"] = ""
        return data
