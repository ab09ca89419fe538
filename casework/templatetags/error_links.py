"""The links of a GOV.UK error summary, each to an element the page really has.

crispy-forms-gds links an error to the field's auto_id (`#id_kind`), but radios and checkboxes render as
`id_kind_1`, `id_kind_2`..., and a date as `id_when_0` (day), `id_when_1`, `id_when_2`: the link went nowhere
and the GOV.UK summary could not move focus to the question. The Design System says to link to the first
input of the question (the first radio, the day, or the part of the date that is wrong), so that is what
`error_links` gives. Every form page is walked by tests/test_error_summary_links.py.
"""
from django import forms
from django import template

register = template.Library()


def error_target(bound_field, part: int | None = None) -> str:
    """The id of the input an error on this field should focus: the first radio or checkbox, the day of a date
    (or the part of the date that is wrong), otherwise the field itself."""
    widget = bound_field.field.widget
    if isinstance(widget, (forms.RadioSelect, forms.CheckboxSelectMultiple)):
        return f"id_{bound_field.html_name}_1"  # crispy-forms-gds numbers radios and checkboxes from 1
    if isinstance(widget, forms.MultiWidget):
        return f"{bound_field.auto_id}_{part or 0}"
    return bound_field.auto_id


@register.filter
def error_links(form) -> list[tuple[str, str]]:
    """(target id, message) for every error on the form, the form's own errors first (linked to its first
    question, as there is no better place to send focus)."""
    fields = form.visible_fields()
    links = []
    if fields:
        links += [(error_target(fields[0]), error) for error in form.non_field_errors()]
    else:
        links += [("", error) for error in form.non_field_errors()]
    for bound_field in fields:
        seen = []
        for part, subfield in enumerate(getattr(bound_field.field, "fields", ())):
            for error in getattr(subfield.widget, "errors", []):  # the date's parts that are wrong (crispy-forms-gds)
                links.append((error_target(bound_field, part), error))
                seen.append(error)
        links += [(error_target(bound_field), error) for error in bound_field.errors if error not in seen]
    return links
