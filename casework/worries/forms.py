"""Forms for a young person's worry, complaint or request for an advocate, and the answer to it."""
from crispy_forms_gds.choices import Choice
from crispy_forms_gds.layout import Field, Size
from django import forms

from casework.form_parts import _gds_helper

from .models import Concern

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

    def __init__(self, *args, audience_hints: dict[str, str] | None = None, with_iro: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        hints = audience_hints or {}
        self.fields["audience"].choices = [
            Choice(value, label, hint=hints[value]) if hints.get(value) else Choice(value, label)
            for value, label in Concern.Audience.choices
            # A care leaver has no IRO, so they are not offered one.
            if with_iro or value != Concern.Audience.IRO
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


class ConcernAdditionForm(forms.Form):
    """The young person adds to a worry they have sent: something new, or something they forgot."""

    text = forms.CharField(
        label="Add to what you told us", max_length=CONCERN_TEXT_LIMIT, widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Something new that has happened, or something you forgot to say. The person you sent it to will "
                  "be told.",
        error_messages={"required": "Write what you want to add",
                        "max_length": f"What you add must be {CONCERN_TEXT_LIMIT:,} characters or fewer"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].widget.attrs.pop("maxlength", None)
        self.helper = _gds_helper(
            Field.textarea("text", label_size=Size.MEDIUM, label_tag="h2", rows=4,
                           max_characters=CONCERN_TEXT_LIMIT),
            submit="Add it",
        )

    def clean_text(self):
        text = self.cleaned_data["text"]
        if not text.strip():
            raise forms.ValidationError("Write what you want to add")
        return text
