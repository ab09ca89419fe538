"""{% may_record young_person "care_plan" as may_write_plan %}: whether the signed-in worker may write that kind
of record (casework.people.recording), so staff pages show only the actions they may take."""
from django import template

from casework.people.recording import Record, recording_rights

register = template.Library()


@register.simple_tag(takes_context=True)
def may_record(context, young_person, kind: str) -> bool:
    return recording_rights(context["request"]).may(young_person, Record(kind))
