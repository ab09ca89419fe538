"""The managers' filter form (pledges.dashboard_filters.DashboardFilterForm) in GOV.UK Frontend markup, drawn in Python.

It writes the HTML `{% crispy form %}` wrote from the form's helper (crispy_forms_gds's field, multifield, date and
error templates, and Django's widget templates), attribute for attribute: the GOV.UK date inputs, selects, hints,
error messages and their aria-describedby and aria-invalid (tests/test_dashboard_filter_html.py holds the two to the
same HTML). crispy got there through its layout objects and some 40 nested templates, about 7 ms of every dashboard,
more than counting the figures; this is one function per GOV.UK component.

Every page with the filters draws them here (includes/dashboard_filters.html, includes/dashboard_filter_panel.html).
A form may lack fields: the workers' pages take team and worker out (pledges.team_views).
"""
import html

from django import forms
from django.utils.functional import Promise
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

DATE_PARTS = (("Day", "govuk-input--width-2"), ("Month", "govuk-input--width-2"), ("Year", "govuk-input--width-4"))
SELECTS = ("team", "worker", "legal_status", "age_band")  # in the order the form shows them, after the period


def attrs_html(attrs: dict) -> SafeString:
    """As django/forms/widgets/attrs.html writes them."""
    return mark_safe("".join(f" {escape(name)}" if value is True else f' {escape(name)}="{escape(str(value))}"'
                             for name, value in attrs.items() if value is not False))


def select_html(widget: forms.Select, name: str, value, attrs: dict) -> SafeString:
    """A Select widget drawn as Django's select.html and select_option.html draw it, with Select's rules: the options
    are the widget's choices (an optgroup's drawn flat), and selected is the first whose str() is among the
    format_value() values (every one, for a multiple select). A council of 20,000 young people has over a thousand
    workers: through the option template, drawing them took half a second; through optgroups() and create_option()
    (a dict and its attributes per option) and Django's lazy-wrapped escape(), a fifth of the form's cost."""
    chosen_values = widget.format_value(value)
    select_attrs = widget.build_attrs(widget.attrs, attrs)
    if widget.allow_multiple_selected:
        select_attrs["multiple"] = True
    options, chosen = [], False
    for option_value, option_label in widget.choices:
        if option_value is None:
            option_value = ""
        group = option_label if isinstance(option_label, (list, tuple)) else ((option_value, option_label),)
        for subvalue, label in group:
            text = str(subvalue)
            selected = (not chosen or widget.allow_multiple_selected) and text in chosen_values
            chosen |= selected
            # html.escape(str()) is what django.utils.html.escape() returns, without its lazy-string wrapper.
            options.append(f'\n  <option value="{html.escape(text)}"{" selected" if selected else ""}>'
                           f'{_label_html(label)}</option>\n')
    return mark_safe(format_html('<select name="{}"{}>', name, attrs_html(select_attrs))
                     + "".join(options) + "\n</select>")


def _label_html(label) -> str:
    """conditional_escape(label): a lazy label as its text, a safe one as it is, any other escaped."""
    if isinstance(label, Promise):
        label = str(label)
    return label.__html__() if hasattr(label, "__html__") else html.escape(str(label))


def filter_form_html(form) -> SafeString:
    """The form: the period's two dates in a fieldset, then a select for each filter the form has, then the button."""
    dates = [_date_input(form[name]) for name in ("period_from", "period_to") if name in form.fields]
    selects = [_select(form[name]) for name in SELECTS if name in form.fields]
    return format_html(
        '<form id="filters" novalidate="" method="get">\n'
        '<fieldset class="govuk-fieldset">\n'
        '<legend class="govuk-fieldset__legend govuk-fieldset__legend--s">Period</legend>\n{}</fieldset>\n{}'
        '<input type="submit" name="apply" value="Apply filters" class="govuk-button" id="submit-id-apply">\n'
        '</form>', mark_safe("".join(dates)), mark_safe("".join(selects)))


def _hint_and_errors(field) -> tuple[SafeString, list[str]]:
    """The field's hint and error messages (crispy's help_text.html and field_errors.html), and the ids of its
    errors, numbered from 1 as the error summary's links expect."""
    error_ids = [f"{field.auto_id}_{number}_error" for number in range(1, len(field.errors) + 1)]
    hint = format_html('<div id="{}_hint" class="govuk-hint">{}</div>\n', field.auto_id, field.help_text) \
        if field.help_text else ""
    errors = format_html_join(
        "", '<span id="{}" class="govuk-error-message"><span class="govuk-visually-hidden">Error:</span> {}</span>\n',
        zip(error_ids, field.errors))
    return mark_safe(hint + errors), error_ids


def _date_input(field) -> SafeString:
    """GOV.UK's date input: day, month and year in a fieldset whose legend is the field's label. An error from one
    part (letters for a month) marks that part; an error about the whole date marks all three."""
    hint_and_errors, error_ids = _hint_and_errors(field)
    described_by = " ".join(([f"{field.auto_id}_hint"] if field.help_text else []) + error_ids)
    values = field.value()
    if not isinstance(values, (list, tuple)):  # unbound: the initial date (or None)
        values = field.field.widget.decompress(values)
    # The parts' own errors: what their validators said (crispy_forms_gds's DateInputField.clean keeps them there).
    part_errors = [getattr(part.widget, "errors", []) for part in field.field.fields]
    whole_date = not any(part_errors)
    inputs = []
    for index, ((label, width), value, errors) in enumerate(zip(DATE_PARTS, values, part_errors)):
        attrs = {"class": f"govuk-input govuk-date-input__input {width}"}
        if field.errors and (whole_date or errors):
            attrs["class"] += " govuk-input--error"
        if field.errors and errors:
            attrs["aria-describedby"] = " ".join(
                error_id for error_id, error in zip(error_ids, field.errors) if error in errors)
        if field.errors:
            attrs["aria-invalid"] = "true"
        attrs["id"] = f"{field.auto_id}_{index}"
        shown = "" if value is None or value == "" else format_html(' value="{}"', value)
        inputs.append(format_html(
            '<div class="govuk-date-input__item">\n<div class="govuk-form-group">\n'
            '<label class="govuk-label govuk-date-input__label" for="{}">{}</label>\n'
            '<input type="text" name="{}_{}"{}{}>\n</div>\n</div>\n',
            attrs["id"], label, field.html_name, index, shown, attrs_html(attrs)))
    return format_html(
        '<div id="div_{}" class="govuk-form-group{}">\n<fieldset class="govuk-fieldset"{}>\n'
        '<legend class="govuk-fieldset__legend">{}</legend>\n{}'
        '<div class="govuk-date-input" id="{}">\n{}</div>\n</fieldset>\n</div>\n',
        field.auto_id, " govuk-form-group--error" if field.errors else "",
        format_html(' aria-describedby="{}"', described_by) if described_by else "",
        field.label, hint_and_errors, field.auto_id, mark_safe("".join(inputs)))


def _select(field) -> SafeString:
    """GOV.UK's select, with its label, hint and errors. Every list is a govuk-select, the team and worker lists
    (QuickSelect) too: crispy named their class after the widget ("quickselect"), which GOV.UK Frontend does not
    style."""
    hint_and_errors, error_ids = _hint_and_errors(field)
    attrs = {}
    if field.help_text or error_ids:
        attrs["aria-describedby"] = " ".join(([f"{field.auto_id}_hint"] if field.help_text else []) + error_ids)
    attrs["class"] = "govuk-select govuk-input--error" if field.errors else "govuk-select"
    if field.errors:
        attrs["aria-invalid"] = "true"
    attrs["id"] = field.auto_id
    return format_html(
        '<div id="div_{}" class="govuk-form-group{}">\n<label for="{}" class="govuk-label">{}</label>\n{}{}\n</div>\n',
        field.auto_id, " govuk-form-group--error" if field.errors else "", field.id_for_label, field.label,
        hint_and_errors, select_html(field.field.widget, field.html_name, field.value(), attrs))
