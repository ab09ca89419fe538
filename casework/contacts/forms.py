"""Forms for a contact or visit, a call-back request and an attempt to call back."""
from crispy_forms_gds.layout import Field, Fixed, Size
from django import forms

from casework.form_parts import TODAY, GovDateField, RevealingQuestion, RevealingRadios, _gds_helper
from casework.phone import UK_PHONE_ERROR, uk_phone_normalise

from .models import CallbackAttempt, ContactKind


class ContactForm(forms.Form):
    """A worker logs a visit or contact. The young person comes from the URL (and the scoping rule).

    "Seen alone" is asked only for a visit (regulation 29): it is revealed under the two visit radios, must be
    answered for a visit, and an answer left behind by then choosing a phone call is not kept.
    """

    happened_on = GovDateField(label="Date", help_text="For example, 27 3 2026", initial=TODAY)
    kind = forms.ChoiceField(label="How were you in touch?", choices=ContactKind.choices, widget=forms.RadioSelect,
                             error_messages={"required": "Select how you were in touch"})
    seen_alone = forms.TypedChoiceField(
        label="Did you see them on their own?", required=False,
        choices=[("yes", "Yes"), ("no", "No, they did not want to or it was not appropriate")],
        widget=forms.RadioSelect,
        coerce=lambda value: value == "yes", empty_value=None,
    )
    note = forms.CharField(label="A short note (optional)", required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["happened_on"].error_messages.update(
            {"required": "Enter the date of the contact", "incomplete": "Enter the date of the contact"})
        self.helper = _gds_helper(
            "happened_on",
            RevealingRadios(
                "kind",
                RevealingQuestion(ContactKind.VISIT_HOME.label, reveals_next=True),
                RevealingQuestion(ContactKind.VISIT_ELSEWHERE.label, Field.radios("seen_alone", legend_size=Size.SMALL),
                                  shared_with_previous=True),
                *[label for value, label in ContactKind.choices if value not in ContactKind.visits()],
                legend_size=Size.SMALL,
            ),
            Field.textarea("note", label_size=Size.SMALL),
            submit="Save contact",
        )

    def clean(self):
        data = super().clean()
        if data.get("kind") in ContactKind.visits():
            if data.get("seen_alone") is None and "seen_alone" not in self.errors:
                self.add_error("seen_alone", "Select whether you saw them on their own")
        else:
            data["seen_alone"] = None  # answered for a visit, then a phone call chosen: the question was hidden
        return data


class CallbackRequestForm(forms.Form):
    """A young person asks their worker to call them, on a number they confirm (offered from the one we have)."""

    phone = forms.CharField(
        label="What number should we call you on?", max_length=40,
        help_text="We have put in the number we have for you. Change it if it is not the best one to call.",
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
        error_messages={"required": "Enter the phone number we should call you on",
                        "max_length": UK_PHONE_ERROR},
    )
    message = forms.CharField(label="What would you like to talk about? (optional)", required=False,
                              max_length=500, widget=forms.Textarea(attrs={"rows": 3}),
                              error_messages={"max_length": "Your message must be 500 characters or fewer"})
    best_time = forms.CharField(label="When is a good time to call you? (optional)", required=False, max_length=100,
                                help_text="For example, after school or after 4pm",
                                error_messages={"max_length": "Keep this to 100 characters or fewer"})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.initial.get("phone"):  # nothing to offer: say what a number looks like instead
            self.fields["phone"].help_text = "A mobile or landline in the UK, like 07700 900 982"
        self.helper = _gds_helper(
            Field.text("phone", label_size=Size.SMALL, field_width=Fixed.TWENTY),
            Field.textarea("message", label_size=Size.SMALL),
            Field.text("best_time", label_size=Size.SMALL),
            submit="Ask for a call back",
        )


    def clean_phone(self):
        return uk_phone_normalise(self.cleaned_data["phone"])


class CallbackAttemptForm(forms.Form):
    outcome = forms.ChoiceField(label="Did you speak to them?", choices=CallbackAttempt.Outcome.choices,
                                widget=forms.RadioSelect,
                                error_messages={"required": "Select whether you spoke to them"})
    note = forms.CharField(label="A short note (optional)", required=False, max_length=1000,
                           widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _gds_helper(
            Field.radios("outcome", legend_size=Size.SMALL),
            Field.textarea("note", label_size=Size.SMALL),
            submit="Save",
        )
