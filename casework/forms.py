"""Forms for casework records, rendered with crispy-forms-gds (GOV.UK Design System)."""
from decimal import Decimal

from allauth.account.forms import LoginForm as AllauthLoginForm
from allauth.mfa.base.forms import AuthenticateForm as AllauthAuthenticateForm
from allauth.mfa.base.forms import ReauthenticateForm as AllauthReauthenticateForm
from allauth.mfa.totp.forms import ActivateTOTPForm
from crispy_forms_gds.choices import Choice
from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.helper import FormHelper
from django import forms
from crispy_forms_gds.layout import (
    ConditionalQuestion,
    ConditionalRadios,
    Field,
    Fieldset,
    Layout,
    Size,
    Submit,
)

from .models import (
    CARE_PLAN_CONSIDERED,
    CARE_PLAN_CONSIDERED_NOTES,
    AdvocateOffer,
    CallbackAttempt,
    CarePlanVersion,
    Concern,
    HealthCheck,
    ContactKind,
    PlacementKind,
)


class LoginForm(AllauthLoginForm):
    """allauth's email and password login, laid out as a GOV.UK form."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["login"].label = "Email address"
        self.fields["login"].widget.attrs.pop("placeholder", None)
        self.fields["login"].widget.attrs["autocomplete"] = "email"
        self.fields["password"].widget.attrs.pop("placeholder", None)
        self.fields["password"].widget.attrs["autocomplete"] = "current-password"
        self.fields["password"].help_text = ""
        self.helper = FormHelper()
        self.helper.form_id = "login-form"
        self.helper.attrs = {"novalidate": ""}  # our GOV.UK error summary, not the browser's pop-up
        self.helper.layout = Layout(
            Field.text("login", label_size=Size.SMALL),
            Field.text("password", label_size=Size.SMALL),
            Submit("submit", "Sign in"),
        )



def _code_field_in_plain_words(form, label: str) -> None:
    field = form.fields["code"]
    field.label = label
    field.help_text = "The 6 numbers your authenticator app shows now, or one of your recovery codes."
    field.widget.attrs.pop("placeholder", None)
    field.widget.attrs.update({"inputmode": "numeric", "autocomplete": "one-time-code", "spellcheck": "false",
                               "class": "govuk-input govuk-input--width-10"})


class ActivateTotpForm(ActivateTOTPForm):
    """Setting up the authenticator app (settings.MFA_FORMS)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _code_field_in_plain_words(self, "Code from your authenticator app")
        self.fields["code"].help_text = "The 6 numbers the app shows after you scan the QR code."


class AuthenticateForm(AllauthAuthenticateForm):
    """The second step of signing in."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _code_field_in_plain_words(self, "Code from your authenticator app")


class ReauthenticateForm(AllauthReauthenticateForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _code_field_in_plain_words(self, "Code from your authenticator app")


class GovDateField(DateInputField):
    """GOV.UK date input with the Design System's wording for an impossible date (31 February)."""

    def compress(self, data_list):
        try:
            return super().compress(data_list)
        # OverflowError: a year too long for the C library (99999999999999999999) fails before date() can say so.
        except (forms.ValidationError, OverflowError) as error:
            raise forms.ValidationError("The date must be a real date, for example 27 3 2026") from error


def posted(request):
    """The POST data to bind a form to, or None for a GET. An empty POST is still a POST and gets its errors:
    `request.POST or None` would show it the blank form again, as if nothing had been sent."""
    return request.POST if request.method == "POST" else None


def _gds_helper(*layout, submit: str) -> FormHelper:
    helper = FormHelper()
    helper.attrs = {"novalidate": ""}
    helper.layout = Layout(*layout, Submit("submit", submit))
    return helper


class ContactForm(forms.Form):
    """A worker logs a visit or contact. The young person comes from the URL (and the scoping rule)."""

    happened_on = GovDateField(label="Date", help_text="For example, 27 3 2026")
    kind = forms.ChoiceField(label="How were you in touch?", choices=ContactKind.choices, widget=forms.RadioSelect,
                             error_messages={"required": "Select how you were in touch"})
    seen_alone = forms.TypedChoiceField(
        label="For a visit: did you see them on their own?", required=False,
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
            Field.radios("kind", legend_size=Size.SMALL),
            Field.radios("seen_alone", legend_size=Size.SMALL, inline=False),
            Field.textarea("note", label_size=Size.SMALL),
            submit="Save contact",
        )


class CallbackRequestForm(forms.Form):
    """A young person asks their worker to call them."""

    message = forms.CharField(label="What would you like to talk about? (optional)", required=False,
                              max_length=500, widget=forms.Textarea(attrs={"rows": 3}),
                              error_messages={"max_length": "Your message must be 500 characters or fewer"})
    best_time = forms.CharField(label="When is a good time to call you? (optional)", required=False, max_length=100,
                                help_text="For example, after school or after 4pm",
                                error_messages={"max_length": "Keep this to 100 characters or fewer"})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _gds_helper(
            Field.textarea("message", label_size=Size.SMALL),
            Field.text("best_time", label_size=Size.SMALL),
            submit="Ask for a call back",
        )


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


# ---------------------------------------------------------------------------------------------------------------
# Care plans and placements
# ---------------------------------------------------------------------------------------------------------------

YES_NO = [("yes", "Yes"), ("no", "No")]


def _yes_no(value: str) -> bool:
    return value == "yes"


def _date_field(label: str, missing: str, *, required: bool = True, help_text: str = "For example, 27 3 2026"):
    field = GovDateField(label=label, help_text=help_text, required=required)
    field.error_messages.update({"required": missing, "incomplete": missing})
    return field


def _text(label: str, missing: str, *, max_length: int | None = None, rows: int = 4, required: bool = True,
          help_text: str = ""):
    error_messages = {"required": missing}
    if max_length:
        error_messages["max_length"] = f"{label.rstrip('?')} must be {max_length:,} characters or fewer"
    return forms.CharField(label=label, required=required, max_length=max_length, help_text=help_text,
                           widget=forms.Textarea(attrs={"rows": rows}), error_messages=error_messages)


class RevealingQuestion(ConditionalQuestion):
    """A radio that reveals more questions while it is chosen (the GOV.UK conditional reveal).

    Only a radio with something to reveal points at it (aria-controls); crispy-forms-gds points every radio at
    a reveal, even one that does not exist. See RevealingRadios for how the reveal opens.
    """

    template = "casework/layout/revealing_question.html"


class RevealingRadios(ConditionalRadios):
    """ConditionalRadios whose reveals open in CSS (`.app-revealing-radios` in static/src/portal.scss) rather
    than through GOV.UK Frontend's Radios JavaScript.

    That JavaScript sets aria-expanded on the radios, which ARIA does not allow on a radio: axe reports it
    (aria-allowed-attr; govuk-frontend issue #979), and every page here must pass axe. The markup is GOV.UK's
    (govuk-radios__conditional straight after its radio); a chosen radio's questions show again when the page
    comes back with errors; without CSS :has() support every reveal stays open, as GOV.UK's do without
    JavaScript. Plain choices are rendered as RevealingQuestion too, and the legend can be sized.
    """

    template = "casework/layout/revealing_radios.html"

    def __init__(self, field, *choices, legend_size=None):
        super().__init__(field, *[RevealingQuestion(c) if isinstance(c, str) else c for c in choices])
        self.legend_size = Size.for_legend(legend_size) if legend_size else None

    def render(self, form, context, **kwargs):
        context.update({"legend_size": self.legend_size})
        return super().render(form, context, **kwargs)


class CarePlanForm(forms.Form):
    """A new version of a care plan. It is always saved as a new version: old versions are never edited."""

    agreed_on = _date_field("Date this version was agreed", "Enter the date this version was agreed")
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
    given_on = _date_field("Date they were given a copy", "Enter the date they were given a copy")
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
    carer_or_home = forms.CharField(label="Name of the carer or home", max_length=200, error_messages={
        "required": "Enter the name of the carer or home",
        "max_length": "The name of the carer or home must be 200 characters or fewer"})
    started_on = _date_field("Start date", "Enter the start date")
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
        layout = [
            Field.radios("kind", legend_size=Size.SMALL),
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
        if self.is_move:
            offer = data.get("advocate_offer")
            if offer != AdvocateOffer.OFFERED:
                data["advocate_offered_on"] = None
            if offer != AdvocateOffer.NOT_OFFERED:
                data["advocate_not_offered_reason"] = ""
            if not data.get("school_wish_recorded"):
                data["school_wish"] = ""
        return data


# ---------------------------------------------------------------------------------------------------------------
# Worries, complaints and asking for an advocate
# ---------------------------------------------------------------------------------------------------------------

CONCERN_KIND_CHOICES = [
    (Concern.Kind.WORRY, "I'm worried about something"),
    (Concern.Kind.COMPLAINT, "I want to make a complaint"),
    (Concern.Kind.ADVOCATE, "I want an advocate"),
]
CONCERN_TEXT_LIMIT = 3000


class ConcernForm(forms.Form):
    """A young person tells us about a worry, makes a complaint or asks for an advocate, and says who should see it.

    `audience_hints` (Concern.Audience value to words) names the people behind each choice, e.g. their social
    worker's name.
    """

    kind = forms.ChoiceField(label="What would you like to do?", choices=CONCERN_KIND_CHOICES,
                             widget=forms.RadioSelect,
                             error_messages={"required": "Choose what you would like to do"})
    audience = forms.ChoiceField(label="Who should see it?", choices=Concern.Audience.choices,
                                 widget=forms.RadioSelect,
                                 error_messages={"required": "Choose who should see it"})
    text = forms.CharField(
        label="What's happening?", max_length=CONCERN_TEXT_LIMIT,
        help_text="Tell us in your own words. You can write as much or as little as you like.",
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": "Tell us what's happening",
                        "max_length": f"What you write must be {CONCERN_TEXT_LIMIT:,} characters or fewer"},
    )

    def __init__(self, *args, audience_hints: dict[str, str] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        hints = audience_hints or {}
        self.fields["audience"].choices = [
            Choice(value, label, hint=hints[value]) if hints.get(value) else Choice(value, label)
            for value, label in Concern.Audience.choices
        ]
        # The GOV.UK character count tells them how many characters are left; the browser must not cut them off.
        self.fields["text"].widget.attrs.pop("maxlength", None)
        self.helper = _gds_helper(
            Field.radios("kind", legend_size=Size.SMALL),
            Field.radios("audience", legend_size=Size.SMALL),
            Field.textarea("text", label_size=Size.SMALL, rows=6, max_characters=CONCERN_TEXT_LIMIT),
            submit="Send",
        )

    def clean_text(self):
        text = self.cleaned_data["text"]
        if not text.strip():
            raise forms.ValidationError("Tell us what's happening")
        return text


class ConcernResponseForm(forms.Form):
    """A member of staff replies to a young person's worry, complaint or request for an advocate."""

    text = forms.CharField(
        label="Your reply", max_length=CONCERN_TEXT_LIMIT, widget=forms.Textarea(attrs={"rows": 5}),
        help_text="They will read this in Pledge Portal. Write it for them, in plain words. Tick “This answers it” "
                  "if it does: it then shows as answered and takes no more replies.",
        error_messages={"required": "Enter your reply",
                        "max_length": f"Your reply must be {CONCERN_TEXT_LIMIT:,} characters or fewer"},
    )
    resolves = forms.BooleanField(label="This answers it", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].widget.attrs.pop("maxlength", None)
        self.helper = _gds_helper(
            Field.textarea("text", label_size=Size.SMALL, rows=5, max_characters=CONCERN_TEXT_LIMIT),
            Field.checkbox("resolves", small=True),
            submit="Send reply",
        )

    def clean_text(self):
        text = self.cleaned_data["text"]
        if not text.strip():
            raise forms.ValidationError("Enter your reply")
        return text


# ---------------------------------------------------------------------------------------------------------------
# The leaving care grant
# ---------------------------------------------------------------------------------------------------------------

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
    more than is left (casework.views.grant_payment_new shows it to a manager once a payment is over)."""

    paid_on = _date_field("Date paid", "Enter the date it was paid")
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


class HealthCheckForm(forms.Form):
    kind = forms.ChoiceField(label="What kind of check?", choices=HealthCheck.Kind.choices, widget=forms.RadioSelect,
                             error_messages={"required": "Select what kind of check it was"})
    checked_on = GovDateField(label="Date of the check", help_text="For example, 27 3 2026")
    sdq_score = forms.IntegerField(label="SDQ total score (only for a Strengths and Difficulties Questionnaire)",
                                   required=False, min_value=0, max_value=40,
                                   error_messages={"invalid": "Enter the score as a whole number from 0 to 40",
                                                   "min_value": "The SDQ total score must be from 0 to 40",
                                                   "max_value": "The SDQ total score must be from 0 to 40"})
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
            Field.textarea("note", label_size=Size.SMALL),
            submit="Save check",
        )
