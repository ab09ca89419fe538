"""Forms for the people who matter, identity reviews and achievements (crispy-forms-gds, GOV.UK)."""
from crispy_forms_gds.layout import Field, Size
from django import forms

from casework.form_parts import YES_NO, RevealingQuestion, RevealingRadios, _date_field, _gds_helper, _text, _yes_no


def _line(label: str, missing: str, max_length: int, *, help_text: str = "", required: bool = True):
    return forms.CharField(label=label, max_length=max_length, help_text=help_text, required=required,
                           error_messages={"required": missing,
                                           "max_length": f"{label.rstrip('?')} must be {max_length} characters or fewer"})


class MyImportantPersonForm(forms.Form):
    """A young person adds someone who matters to them."""

    name = _line("Their name", "Enter their name", 100)
    relationship = _line("Who are they to you?", "Enter who they are to you", 100,
                         help_text="For example: brother, nan, best friend")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _gds_helper(
            Field.text("name", label_size=Size.SMALL),
            Field.text("relationship", label_size=Size.SMALL),
            submit="Add this person",
        )


class ImportantPersonForm(forms.Form):
    """A worker adds someone who matters to a young person, and says whether contact is restricted."""

    name = _line("Their name", "Enter their name", 100)
    relationship = _line("Who are they to the young person?", "Enter who they are to the young person", 100,
                         help_text="For example: brother, nan, best friend")
    contact_restricted = forms.TypedChoiceField(
        label="Is contact with this person restricted?", choices=YES_NO, widget=forms.RadioSelect, coerce=_yes_no,
        error_messages={"required": "Select whether contact is restricted"},
    )
    restriction_reason = _text("Why is contact restricted?", "Enter why contact is restricted, in words they can read",
                               max_length=2000, rows=4, required=False,
                               help_text="The young person will read this, so write it for them")
    restricted_on = _date_field("Date contact was restricted", "Enter the date contact was restricted",
                                required=False)
    restriction_explained_on = _date_field(
        "Date you explained this to them (optional)", "Enter the date you explained this to them", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _gds_helper(
            Field.text("name", label_size=Size.SMALL),
            Field.text("relationship", label_size=Size.SMALL),
            RevealingRadios(
                "contact_restricted",
                RevealingQuestion("Yes", Field.textarea("restriction_reason", rows=4), "restricted_on",
                                  "restriction_explained_on"),
                "No",
                legend_size=Size.SMALL,
            ),
            submit="Save person",
        )

    def clean(self):
        """Only keep the restriction answers when "Yes" was chosen."""
        data = super().clean()
        if not data.get("contact_restricted"):
            data["restriction_reason"] = ""
            data["restricted_on"] = None
            data["restriction_explained_on"] = None
        return data


class RestrictionExplainedForm(forms.Form):
    restriction_explained_on = _date_field("Date you explained this to them",
                                           "Enter the date you explained this to them", today=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _gds_helper("restriction_explained_on", submit="Save date")


class IdentityReviewForm(forms.Form):
    reviewed_on = _date_field("Date of the review", "Enter the date of the review", today=True)
    religion_and_culture = _text("Religious and cultural needs, and how they are being met",
                                 "Enter their religious and cultural needs and how they are being met",
                                 max_length=2000)
    meeting_others = _text("Chances to meet others who share their way of life or culture (optional)",
                           "", max_length=2000, required=False)
    talents_and_hobbies = _text("Talents and hobbies, and how we support them",
                                "Enter their talents and hobbies", max_length=2000)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _gds_helper(
            "reviewed_on",
            Field.textarea("religion_and_culture", label_size=Size.SMALL, rows=4),
            Field.textarea("meeting_others", label_size=Size.SMALL, rows=4),
            Field.textarea("talents_and_hobbies", label_size=Size.SMALL, rows=4),
            submit="Save review",
        )


class AchievementForm(forms.Form):
    """Used by the young person ("you") and by their worker ("they")."""

    title = _line("What did you achieve?", "Enter what you achieved", 200,
                  help_text="For example: learned to swim, passed my maths test, made a new friend")
    achieved_on = _date_field("When did it happen?", "Enter when it happened", today=True)

    def __init__(self, *args, for_worker: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if for_worker:
            self.fields["title"].label = "What did they achieve?"
            self.fields["title"].error_messages["required"] = "Enter what they achieved"
            self.fields["title"].error_messages["max_length"] = "What they achieved must be 200 characters or fewer"
            self.fields["title"].help_text = "For example: passed a swimming badge, 100% attendance this term"
        else:
            self.fields["title"].error_messages["max_length"] = "Keep this to 200 characters or fewer"
        self.helper = _gds_helper(
            Field.text("title", label_size=Size.SMALL),
            "achieved_on",
            submit="Save achievement" if for_worker else "Add my achievement",
        )


class AchievementCelebratedForm(forms.Form):
    celebrated_on = _date_field("Date it was celebrated", "Enter the date it was celebrated", today=True)
    how_celebrated = _line("How was it celebrated?", "Enter how it was celebrated", 300,
                           help_text="For example: a certificate, a trip to the cinema, a card from the team")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _gds_helper("celebrated_on", Field.text("how_celebrated", label_size=Size.SMALL),
                                  submit="Save celebration")
