"""The GOV.UK Design System form parts every room's forms and views share (crispy-forms-gds): a date field in
the Design System's words, the form helper, yes/no questions that reveal more, a service's errors put on a form."""
from crispy_forms.utils import TEMPLATE_PACK, render_field
from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import ConditionalQuestion, ConditionalRadios, Layout, Size, Submit
from django import forms
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.utils import timezone


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


# A date the worker records (the day of a visit, a check, a meeting) starts at today: most are recorded the same
# day. A callable, so the form asks on each request (a date computed at import would stay the server's start day).
TODAY = timezone.localdate


def _date_field(label: str, missing: str, *, required: bool = True, help_text: str = "For example, 27 3 2026",
                today: bool = False):
    field = GovDateField(label=label, help_text=help_text, required=required, initial=TODAY if today else None)
    field.error_messages.update({"required": missing, "incomplete": missing})
    return field


def prefilled(form, request, *names: str):
    """The unbound form with these choice questions answered from the link's query (`?kind=phone`, from a row
    that says what is overdue). A value the question does not offer is ignored; a posted form keeps what was sent."""
    for name in names:
        value = request.GET.get(name, "")
        if not form.is_bound and value in {str(choice) for choice, _label in form.fields[name].choices if choice}:
            form.initial[name] = value
    return form


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

    Radios are numbered from 1, as crispy-forms-gds numbers plain radios (`id_kind_1` is the first): an error
    summary link (casework/templatetags/error_links.py) then goes to the first radio whichever way it was drawn.
    Two neighbouring radios can share one reveal (a contact's "seen alone", asked for either kind of visit):
    the first says `reveals_next=True`, the second holds the questions and says `shared_with_previous=True`.
    """

    template = "casework/layout/revealing_question.html"

    def __init__(self, value, *fields, reveals_next: bool = False, shared_with_previous: bool = False):
        super().__init__(value, *fields)
        self.reveals_next = reveals_next
        self.shared_with_previous = shared_with_previous

    def render(self, bound_field, form, context, template_pack=TEMPLATE_PACK, **kwargs):
        labels = [label for _value, label in bound_field.field.choices]
        position = labels.index(self.value) + 1
        context.update({
            "choice": bound_field.field.choices[position - 1],
            "field": bound_field,
            "position": position,
            "conditional_content": "".join(render_field(field, form, context, template_pack=template_pack, **kwargs)
                                           for field in self.fields),
            "controls": position + 1 if self.reveals_next else None,
            "shared_with_previous": self.shared_with_previous,
        })
        return render_to_string(self.get_template_name(template_pack), context.flatten())


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
