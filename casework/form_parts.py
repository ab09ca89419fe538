"""The GOV.UK Design System form parts every room's forms and views share (crispy-forms-gds): a date field in
the Design System's words, the form helper, yes/no questions that reveal more, a service's errors put on a form."""
from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import ConditionalQuestion, ConditionalRadios, Layout, Size, Submit
from django import forms
from django.core.exceptions import ValidationError


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


def _add_errors(form, error: ValidationError, rename: dict[str, str] | None = None):
    """A service's ValidationError onto the form: on the field it names (after `rename`, model field to form
    field) when the form has it, otherwise at the top. Either way it is in the error summary."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        field = (rename or {}).get(field, field)
        form.add_error(field if field in form.fields else None, errors)
