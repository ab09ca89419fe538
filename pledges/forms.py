"""Forms for the pages pledges owns, rendered with crispy-forms-gds (GOV.UK Design System)."""
from crispy_forms_gds.layout import Field, Size
from django import forms

from casework.form_parts import _gds_helper

from .models import PromiseFeedback

COMMENT_LIMIT = PromiseFeedback.COMMENT_LIMIT
REPLY_LIMIT = PromiseFeedback.REPLY_LIMIT


class PromiseFeedbackForm(forms.Form):
    """A young person says whether a promise is being kept for them, and may say more. `worker_word` names who
    reads it ("social worker" or "personal adviser")."""

    answer = forms.ChoiceField(
        label="Is this promise being kept for you?", choices=PromiseFeedback.Answer.choices, widget=forms.RadioSelect,
        error_messages={"required": "Select whether this promise is being kept for you"},
    )
    comment = forms.CharField(
        label="Tell us more (optional)", required=False, max_length=COMMENT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"max_length": f"What you tell us must be {COMMENT_LIMIT:,} characters or fewer"},
    )

    def __init__(self, *args, worker_word: str = "social worker", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["comment"].help_text = (
            f"What is happening? If you answer “No” or “Not really” and tell us why, your {worker_word} will reply to you."
        )
        # The GOV.UK character count tells them how many characters are left; the browser must not cut them off.
        self.fields["comment"].widget.attrs.pop("maxlength", None)
        self.helper = _gds_helper(
            Field.radios("answer", legend_size=Size.MEDIUM),
            Field.textarea("comment", label_size=Size.SMALL, rows=5, max_characters=COMMENT_LIMIT),
            submit="Send",
        )


class PromiseFeedbackReplyForm(forms.Form):
    """A member of staff replies to a young person's answer about a promise."""

    reply = forms.CharField(
        label="Your reply", max_length=REPLY_LIMIT, widget=forms.Textarea(attrs={"rows": 6}),
        help_text="They will read this beside the promise on their pledge page. Write it for them, in plain words. "
                  "You can reply once.",
        error_messages={"required": "Enter your reply",
                        "max_length": f"Your reply must be {REPLY_LIMIT:,} characters or fewer"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reply"].widget.attrs.pop("maxlength", None)
        self.helper = _gds_helper(
            Field.textarea("reply", label_size=Size.SMALL, rows=6, max_characters=REPLY_LIMIT),
            submit="Send reply",
        )
