"""Forms for reviews, consultations and IRO changes, rendered with crispy-forms-gds (GOV.UK Design System).

The young person comes from the URL (and the scoping rule); the records check themselves when the service
saves them, so these forms only turn what was typed into values.
"""
from crispy_forms_gds.layout import Field, Size
from django import forms

from casework.forms import GovDateField, _gds_helper
from casework.models import Role, Worker, YoungPerson

from .models import VIEWS_MAX_LENGTH, ConsultationMethod, ParticipationCode

DATE_HINT = "For example, 27 3 2026"


class IroChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


def council_iros(young_person: YoungPerson):
    return Worker.objects.filter(council_id=young_person.council_id, role=Role.IRO).order_by("name")


def _select(name: str) -> Field:
    return Field(name, context={"label_size": Size.for_label(Size.SMALL)})


def _date_field(label: str, missing: str) -> GovDateField:
    field = GovDateField(label=label, help_text=DATE_HINT)
    field.error_messages.update({"required": missing, "incomplete": missing})
    return field


class ReviewScheduleForm(forms.Form):
    scheduled_for = _date_field("Date of the review", "Enter the date of the review")
    iro = IroChoiceField(label="Independent Reviewing Officer (IRO) chairing it", queryset=Worker.objects.none(),
                         empty_label="Choose an IRO",
                         error_messages={"required": "Choose an Independent Reviewing Officer",
                                         "invalid_choice": "Choose an Independent Reviewing Officer"})

    def __init__(self, *args, young_person: YoungPerson, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["iro"].queryset = council_iros(young_person)
        self.helper = _gds_helper(
            "scheduled_for",
            _select("iro"),
            submit="Book review",
        )


class ReviewHeldForm(forms.Form):
    held_on = _date_field("Date the review was held", "Enter the date the review was held")
    attendees = forms.CharField(label="Who came?", required=False, widget=forms.Textarea)
    participation = forms.ChoiceField(
        label="How did they take part?", choices=ParticipationCode.choices, widget=forms.RadioSelect,
        help_text="The SSDA903 participation code",
        error_messages={"required": "Select how they took part in their review"},
    )
    took_part_how = forms.CharField(label="Say more about how they took part (optional)", required=False,
                                    widget=forms.Textarea)
    decisions = forms.CharField(label="Decisions", required=False, widget=forms.Textarea)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _gds_helper(
            "held_on",
            Field.textarea("attendees", label_size=Size.SMALL, rows=3),
            Field.radios("participation", legend_size=Size.SMALL),
            Field.textarea("took_part_how", label_size=Size.SMALL, rows=3),
            Field.textarea("decisions", label_size=Size.SMALL, rows=6),
            submit="Save review",
        )


class ConsultationForm(forms.Form):
    consulted_on = _date_field("Date", "Enter the date you heard from them")
    method = forms.ChoiceField(label="How did you hear from them?", choices=ConsultationMethod.choices,
                               widget=forms.RadioSelect,
                               error_messages={"required": "Select how you heard from them"})
    views = forms.CharField(label="Their views, in their own words", required=False,
                            widget=forms.Textarea)
    declined = forms.BooleanField(label="They chose not to give views", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _gds_helper(
            "consulted_on",
            Field.radios("method", legend_size=Size.SMALL),
            Field.textarea("views", label_size=Size.SMALL, rows=6),
            Field.checkbox("declined", small=True),
            submit="Save consultation",
        )


MET_CHOICES = [("yes", "Yes"), ("no", "No"), ("not_yet", "Not yet: there has not been a review since")]
MET_VALUES = {"yes": True, "no": False, "not_yet": None}


class IroChangeForm(forms.Form):
    new_iro = IroChoiceField(label="New IRO", queryset=Worker.objects.none(), empty_label="Choose an IRO",
                             error_messages={"required": "Choose their new IRO",
                                             "invalid_choice": "Choose an Independent Reviewing Officer"})
    changed_on = _date_field("Date of the change", "Enter the date of the change")
    reason = forms.CharField(label="Why is their IRO changing?", widget=forms.Textarea,
                             error_messages={"required": "Enter why their IRO is changing"})
    met_before_next_review = forms.ChoiceField(
        label="Did they meet their new IRO before their next review?", choices=MET_CHOICES,
        widget=forms.RadioSelect, error_messages={"required": "Select whether they met their new IRO"},
    )

    def __init__(self, *args, young_person: YoungPerson, current: Worker | None, **kwargs):
        super().__init__(*args, **kwargs)
        iros = council_iros(young_person)
        self.fields["new_iro"].queryset = iros.exclude(pk=current.pk) if current else iros
        self.helper = _gds_helper(
            _select("new_iro"),
            "changed_on",
            Field.textarea("reason", label_size=Size.SMALL, rows=4),
            Field.radios("met_before_next_review", legend_size=Size.SMALL),
            submit="Change IRO",
        )

    def clean_met_before_next_review(self):
        return MET_VALUES[self.cleaned_data["met_before_next_review"]]


class ViewsForm(forms.Form):
    text = forms.CharField(
        label="What would you like your IRO to know?", max_length=VIEWS_MAX_LENGTH,
        help_text="For example, what is going well, what you are worried about, or what you would like to change.",
        widget=forms.Textarea,
        error_messages={"required": "Write what you would like your IRO to know",
                        "max_length": f"What you write must be {VIEWS_MAX_LENGTH:,} characters or fewer"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _gds_helper(
            Field.textarea("text", label_size=Size.SMALL, rows=8, max_characters=VIEWS_MAX_LENGTH),
            submit="Send to my IRO",
        )
