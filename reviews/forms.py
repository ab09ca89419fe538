"""Forms for reviews, consultations and IRO changes, rendered with crispy-forms-gds (GOV.UK Design System).

The young person comes from the URL (and the scoping rule); the records check themselves when the service
saves them, so these forms only turn what was typed into values.
"""
from crispy_forms_gds.layout import Field, Size
from django import forms

from casework.form_parts import TODAY, GovDateField, _gds_helper
from casework.models import Role, Worker, YoungPerson

from .models import VIEWS_MAX_LENGTH, ConsultationMethod, ParticipationCode

DATE_HINT = "For example, 27 3 2026"
NOTE_MAX_LENGTH = 2000
RECORD_MAX_LENGTH = 10000


def _text(label: str, limit: int, what: str, **kwargs) -> forms.CharField:
    """A free-text answer with a limit, and the GOV.UK words for going over it ("{what} must be ... or fewer")."""
    messages = {"max_length": f"{what} must be {limit:,} characters or fewer"}
    messages.update(kwargs.pop("error_messages", {}))
    return forms.CharField(label=label, max_length=limit, widget=forms.Textarea, error_messages=messages, **kwargs)


class IroChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


def council_iros(young_person: YoungPerson):
    return Worker.objects.filter(council_id=young_person.council_id, role=Role.IRO).order_by("name")


def _select(name: str) -> Field:
    return Field(name, context={"label_size": Size.for_label(Size.SMALL)})


def _date_field(label: str, missing: str, *, today: bool = True) -> GovDateField:
    """A date, today unless the question is about a day to come (a review being booked)."""
    field = GovDateField(label=label, help_text=DATE_HINT, initial=TODAY if today else None)
    field.error_messages.update({"required": missing, "incomplete": missing})
    return field


class ReviewScheduleForm(forms.Form):
    scheduled_for = _date_field("Date of the review", "Enter the date of the review", today=False)
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
    attendees = _text("Who came?", NOTE_MAX_LENGTH, "The list of who came", required=False)
    participation = forms.ChoiceField(
        label="How did they take part?", choices=ParticipationCode.choices, widget=forms.RadioSelect,
        help_text="The SSDA903 participation code",
        error_messages={"required": "Select how they took part in their review"},
    )
    took_part_how = _text("Say more about how they took part (optional)", NOTE_MAX_LENGTH,
                          "How they took part", required=False)
    decisions = _text("Decisions", RECORD_MAX_LENGTH, "Decisions", required=False)

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
    views = _text("Their views, in their own words", RECORD_MAX_LENGTH, "Their views", required=False)
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
    reason = _text("Why is their IRO changing?", NOTE_MAX_LENGTH, "Why their IRO is changing",
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
