"""A subject access request: every record the portal keeps about one young person, for a manager to download.

Built by walking the relations that point at YoungPerson (and the records that hang off those: a worry's
replies, a review's consultations, a notification's delivery attempts), from Django's model registry rather
than a list, so a model added later with a foreign key to YoungPerson is in the export without anyone
remembering to add it (tests/test_export.py fails if one is missing). One query per kind of record, however
many records there are.
"""
from django.db.models import Q

from casework.people.models import Worker, YoungPerson

# Records of records of records (a notification about a ledger row: its delivery attempts) and no further.
MAX_DEPTH = 3


def _lookups(model, path: str, depth: int, found: dict, skip: tuple) -> None:
    """Every model reachable backwards from `model`, with the lookups from it to the young person."""
    for relation in model._meta.related_objects:
        if relation.many_to_many or depth > MAX_DEPTH or relation.related_model in skip:
            continue
        child = relation.related_model
        child_path = f"{relation.field.name}__{path}" if path else relation.field.name
        found.setdefault(child, []).append(child_path)
        _lookups(child, child_path, depth + 1, found, skip)


def models_pointing_at(target, *, skip: tuple = ()) -> dict:
    """{model: [lookups to a `target` row]} for every model with a foreign key to it, or to those, and so on (not
    following the models in `skip`), in a stable order (app, then model name)."""
    found: dict = {}
    _lookups(target, "", 1, found, skip)
    return dict(sorted(found.items(), key=lambda item: item[0]._meta.label))


def exported_models() -> dict:
    """{model: [lookups to the young person]}, in a stable order (app, then model name)."""
    return models_pointing_at(YoungPerson)


def _row(record) -> dict:
    row = {}
    for field in record._meta.concrete_fields:
        if field.is_relation and field.related_model is Worker:
            worker = getattr(record, field.name)
            row[field.name] = worker.name if worker else None
        elif field.is_relation:
            row[field.name] = getattr(record, field.attname)  # the id: enough to match records up
        else:
            row[field.name] = field.value_from_object(record)
    return row


def young_person_export(*, young_person: YoungPerson) -> dict:
    """{"young_person": {...}, "records": {"app.Model": {"name": ..., "rows": [...]}}}; JSON-ready with
    DjangoJSONEncoder (dates as ISO strings)."""
    me = _row(young_person)
    me["login_email"] = young_person.user.email if young_person.user_id else None
    records = {}
    for model, paths in exported_models().items():
        condition = Q()
        for path in paths:
            condition |= Q(**{path: young_person})
        workers = [f.name for f in model._meta.concrete_fields if f.is_relation and f.related_model is Worker]
        rows = model._base_manager.filter(condition).distinct().order_by("pk")
        if workers:
            rows = rows.select_related(*workers)
        records[model._meta.label] = {"name": str(model._meta.verbose_name_plural), "rows": [_row(r) for r in rows]}
    return {"young_person": me, "records": records}
