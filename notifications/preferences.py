"""How we contact you: each signed-in person chooses how they hear from the portal (MessagePreferences, one row a
person, made on the first save; no row is the defaults). Staff choose one email each morning (the digest,
notifications.digest) or an email for each reminder, and texts for urgent ones; a young person chooses texts when we
have their call-back request and when there is a reply for them. The mobile number is asked only under "Yes" to
texts (the GOV.UK conditional reveal) and kept only then.
"""
from crispy_forms_gds.choices import Choice
from crispy_forms_gds.layout import Field, Fixed, Size
from django import forms
from django.core.exceptions import ValidationError

from casework.form_parts import RevealingQuestion, RevealingRadios, _gds_helper
from casework.phone import uk_phone_normalise

from .models import MessagePreferences

MOBILE_ERROR = "Enter a UK mobile number, like 07700 900 982"


def mobile_normalise(value: str) -> str:
    """A UK mobile number written the usual way ("07700 900982"), or ValidationError: texts go only to a mobile."""
    try:
        number = uk_phone_normalise(value)
    except ValidationError as error:
        raise ValidationError(MOBILE_ERROR, code="invalid_mobile") from error
    if not number.startswith("07"):
        raise ValidationError(MOBILE_ERROR, code="invalid_mobile")
    return number


def message_preferences_of(user) -> MessagePreferences:
    """This person's choices, or the defaults (unsaved) if they have never chosen."""
    return MessagePreferences.objects.filter(user=user).first() or MessagePreferences(user=user)


def message_preferences_save(*, user, daily_digest: bool, texts: bool, mobile: str) -> MessagePreferences:
    """Save this person's choices (made on the first save). A mobile is kept only with texts chosen."""
    preferences = message_preferences_of(user)
    preferences.daily_digest = daily_digest
    preferences.texts = texts
    preferences.mobile = mobile if texts else ""
    preferences.full_clean()
    preferences.save()
    return preferences


def mobile_suggested(phone: str) -> str:
    """The number on a young person's record, offered for texts when it is a mobile."""
    try:
        return mobile_normalise(phone)
    except ValidationError:
        return ""


class MessagePreferencesForm(forms.Form):
    """`for_staff`: the digest question and texts for urgent ones; otherwise a young person's texts question."""

    how_often = forms.ChoiceField(
        label="How do you want reminders by email?", widget=forms.RadioSelect,
        choices=[Choice("digest", "One email each morning",
                        hint="Each working day at 7am: what is overdue and due soon for your young people, most "
                             "urgent first."),
                 Choice("each", "An email for each reminder", hint="As each one becomes due soon, overdue or still "
                                                                   "overdue.")],
        error_messages={"required": "Select how you want reminders by email",
                        "invalid_choice": "Select how you want reminders by email"},
    )
    texts = forms.ChoiceField(widget=forms.RadioSelect, choices=[("yes", "Yes"), ("no", "No")])
    mobile = forms.CharField(label="Mobile number", max_length=40, required=False,
                             widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
                             error_messages={"max_length": MOBILE_ERROR})

    def __init__(self, *args, for_staff: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.for_staff = for_staff
        texts = self.fields["texts"]
        if for_staff:
            texts.label = "Do you want a text message for urgent ones too?"
            texts.help_text = ("Urgent ones are call-back requests and worries from young people. They always come by "
                               "email at once as well.")
            texts.error_messages["required"] = texts.error_messages["invalid_choice"] = (
                "Select whether you want text messages for urgent ones")
        else:
            del self.fields["how_often"]
            texts.label = "Do you want us to text you?"
            texts.help_text = "We will text you when we get your call-back request, and when there is a reply for you."
            texts.error_messages["required"] = texts.error_messages["invalid_choice"] = (
                "Select whether you want us to text you")
        self.fields["mobile"].help_text = "For example, 07700 900 982"
        layout = [Field.radios("how_often", legend_size=Size.MEDIUM)] if for_staff else []
        layout.append(RevealingRadios(
            "texts",
            RevealingQuestion("Yes", Field.text("mobile", label_size=Size.SMALL, field_width=Fixed.TWENTY)),
            "No",
            legend_size=Size.MEDIUM,
        ))
        self.helper = _gds_helper(*layout, submit="Save")

    def clean_mobile(self):
        mobile = self.cleaned_data.get("mobile", "").strip()
        return mobile_normalise(mobile) if mobile else ""

    def clean(self):
        """The mobile is needed, and kept, only with texts: a number typed and then left behind by "No" is dropped."""
        data = super().clean()
        if data.get("texts") == "yes":
            if not data.get("mobile") and "mobile" not in self.errors:
                self.add_error("mobile", "Enter the mobile number for texts")
        else:
            data["mobile"] = ""
            self.errors.pop("mobile", None)
        return data

    def saved(self) -> dict:
        """The cleaned answers as message_preferences_save takes them."""
        data = self.cleaned_data
        return {"daily_digest": data.get("how_often", "digest") == "digest", "texts": data["texts"] == "yes",
                "mobile": data["mobile"]}
