"""Retention: once a council's retention period for a young person ends (Council.retain_records_years after
their 18th birthday), their record is anonymised, not deleted. Deleting would punch holes in the council's
promise ledger and the audit log (which must outlive the record: casework.audit); anonymising keeps the counts
and removes the person: names gone, date of birth (and her child's) to 1 January of the year, every text, char
and email field emptied on every record about them (found as the export finds them: casework.audit.export), on
the records of their login (allauth's addresses) and in the admin's log of changes to any of these, unless
NOT_PERSONAL says it holds nothing about them; the addresses their invitations went to replaced, and their login closed.

Run daily by Celery beat (notifications.tasks.apply_retention) and by hand with `manage.py apply_retention
--dry-run` to see what it would do.
"""
from dataclasses import dataclass
from datetime import date, timedelta

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.db.models import Case, Q, Value, When
from django.db.models.functions import Cast, Concat

from casework.people.models import Council, User, Worker, YoungPerson
from casework.working_days import add_months

from .export import exported_models, models_pointing_at


@dataclass(frozen=True)
class Due:
    young_person: YoungPerson
    retain_until: date  # anonymised on this day


def retain_until(young_person: YoungPerson) -> date:
    return add_months(young_person.date_of_birth, 12 * (18 + young_person.council.retain_records_years))


def retention_due(*, today: date) -> list[Due]:
    """Young people whose council's retention period has ended on or before today, not yet anonymised."""
    due = []
    for council in Council.objects.all():
        # A few days' slack for 29 February birthdays; the exact day is checked below.
        latest_birth = add_months(today, -12 * (18 + council.retain_records_years)) + timedelta(days=3)
        candidates = council.young_people.filter(anonymised_on__isnull=True, date_of_birth__lte=latest_birth)
        for young_person in candidates.select_related("council").order_by("pk"):
            if retain_until(young_person) <= today:
                due.append(Due(young_person, retain_until(young_person)))
    return due


# Every text, char and email field of every record that reaches a young person is cleared when they are anonymised,
# except these, which hold nothing about them (each says why; tests/test_retention_walk.py holds the list to every
# such field). Fields with choices hold one word from a fixed list (a kind, a status, a role), never free text: not
# personal, as a rule, and not listed.
NOT_PERSONAL = {
    "casework.AuditEvent.role": "the role of the member of staff who looked, as it was then",
    "casework.AuditEvent.method": "the HTTP method, GET or POST",
    "casework.AuditEvent.url_name": "the name of the page in the code, like young_person_pledge",
    "casework.AuditEvent.path": "the page's address: record ids, never names (no query string is kept)",
    "casework.Invitation.token_hash": "a hash of a random token, which the closed login can no longer use",
    "casework.User.password": "a hash, made unusable when the login is closed",
    "pledges.LedgerEntry.started_by": "the kind of event that started the cycle, one of pledges.ledger's words",
    "pledges.LedgerEntry.met_by": "the kind of event that kept the promise, one of pledges.ledger's words",
    "pledges.LedgerEntry.explanation": "how the due date was worked out: a rule, a kind of event and its date",
    # The copies the managers' dashboard reads while a council's ledger is rebuilt (pledges.ledger.snapshots).
    "pledges.LedgerSnapshotEntry.started_by": "a copy of LedgerEntry.started_by, one of pledges.ledger's words",
    "pledges.LedgerSnapshotEntry.met_by": "a copy of LedgerEntry.met_by, one of pledges.ledger's words",
    "pledges.LedgerSnapshotEntry.explanation": "a copy of LedgerEntry.explanation: a rule, a kind of event, a date",
    # SSDA903 codes, kept as the council's return gives them: a code from the DfE's fixed lists, never free text.
    **{f"casework.Placement.{name}": "an SSDA903 Episodes code from the DfE's fixed list"
       for name in ("legal_status_code", "cin", "place", "place_provider", "end_reason", "reason_place_change")},
    "casework.Placement.urn": "Ofsted's public number for the children's home or provider, not the young person",
    "casework.Allocation.change_reason": "an SSDA903 SW_REASON code from the DfE's fixed list",
    "casework.YearlyHealthOutcome.sdq_reason": "an SSDA903 SDQ_REASON code from the DfE's fixed list",
    **{f"casework.CareLeaverYearlyOutcome.{name}": "an SSDA903 OC3 code from the DfE's fixed list"
       for name in ("in_touch", "activity", "accommodation")},
    "admin.LogEntry.object_id": "the id of the record the admin changed, which keeps the row's place in its history",
}
ANONYMISED_NAME = "Anonymised"
ANONYMISED_DOMAIN = "@anonymised.invalid"  # .invalid: no email can ever be delivered there (RFC 2606)


def label(field) -> str:
    return f"{field.model._meta.label}.{field.name}"


def personal_fields(model) -> list:
    """The fields retention clears on this model: free text, names and addresses (see NOT_PERSONAL)."""
    return [field for field in model._meta.concrete_fields
            if isinstance(field, (models.CharField, models.TextField)) and not field.choices
            and label(field) not in NOT_PERSONAL]


def login_models() -> dict:
    """{model: [lookups to the user]} for every record of a login itself (allauth's addresses and their confirmations,
    two-step devices...), found at run time like the export's records. Not through Worker: a login is a worker or
    a young person, never both; the young person's own records are found from YoungPerson."""
    return models_pointing_at(User, skip=(Worker, YoungPerson))


def pointer_models() -> list[tuple[type[models.Model], str, str]]:
    """(model, content type field, object id field) for every record that points at any row by its content type and
    id, as the admin's LogEntry ("Changed Jade Rivers") does."""
    pointers = []
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if field.is_relation and field.related_model is ContentType and "object_id" in _field_names(model):
                pointers.append((model, field.name, "object_id"))
    return pointers


def _field_names(model) -> set[str]:
    return {field.name for field in model._meta.concrete_fields}


def fields_cleared() -> set[str]:
    """Every field young_person_anonymise clears, as "app_label.Model.field"."""
    reached = [YoungPerson, User, *exported_models(), *login_models(),
               *(model for model, _ct, _id in pointer_models())]
    return {label(field) for model in reached for field in personal_fields(model)}


def _unique(model) -> set[str]:
    """Names of the fields a model holds unique, alone or with others (allauth's addresses are unique per login)."""
    names = {field.name for field in model._meta.concrete_fields if field.unique}
    names.update(name for together in model._meta.unique_together for name in together)
    names.update(name for constraint in model._meta.constraints for name in getattr(constraint, "fields", ())
                 if not _blank_may_repeat(constraint, name))
    return names


def _blank_may_repeat(constraint, name: str) -> bool:
    """A unique constraint that holds only when the field is not blank (a council's child id): cleared to blank,
    the field needs no value of its own per row."""
    return getattr(constraint, "condition", None) == ~Q(**{name: ""})


def _checked(model) -> set[str]:
    """Names of the fields a check constraint reads (a grant paid over the balance must give a reason)."""
    def names(condition: Q):
        for child in condition.children:
            yield from names(child) if isinstance(child, Q) else [child[0].split("__")[0]]

    return {name for constraint in model._meta.constraints if isinstance(constraint, models.CheckConstraint)
            for name in names(constraint.condition)}


def _cleared(model, young_person: YoungPerson) -> dict:
    """The values that clear a model's personal fields: empty, and an address one that cannot receive email. A field
    held unique gets one value per row; one a check constraint reads, "Anonymised" where it held something."""
    anonymised = f"anonymised-{young_person.pk}"
    unique, checked, values = _unique(model), _checked(model), {}
    for field in personal_fields(model):
        domain = ANONYMISED_DOMAIN if isinstance(field, models.EmailField) else ""
        if field.name in unique:
            values[field.name] = Concat(Value(f"{anonymised}-"), Cast("pk", models.CharField()), Value(domain))
        elif field.name in checked:
            values[field.name] = Case(When(**{field.name: ""}, then=Value("")), default=Value(ANONYMISED_NAME))
        else:
            values[field.name] = f"{anonymised}{domain}" if domain else ""
    return values


@transaction.atomic
def young_person_anonymise(*, young_person: YoungPerson, today: date) -> YoungPerson:
    """Names removed, date of birth to 1 January, every personal field emptied on every record about them (and of
    their login, and the admin's log of changes to them), login closed."""
    records = [(model, _about(paths, young_person)) for model, paths in exported_models().items()]
    if young_person.user_id:
        records += [(model, _about(paths, young_person.user)) for model, paths in login_models().items()]
    records += [(YoungPerson, Q(pk=young_person.pk)), (User, Q(pk=young_person.user_id))]
    # First the admin's log of changes to any of these records, while they can still be found.
    for pointer, ct_field, id_field in pointer_models():
        for model, condition in records:
            ids = model._base_manager.filter(condition).annotate(id_text=Cast("pk", models.TextField()))
            pointer._base_manager.filter(**{ct_field: ContentType.objects.get_for_model(model),
                                            f"{id_field}__in": ids.values("id_text")}) \
                .update(**_cleared(pointer, young_person))
    for model, condition in records:
        # A record with nothing to clear is not touched (the audit log refuses any update: casework.audit).
        if model not in (YoungPerson, User) and personal_fields(model):
            model._base_manager.filter(condition).update(**_cleared(model, young_person))
    for field in personal_fields(YoungPerson):
        setattr(young_person, field.name, "")
    young_person.first_name = ANONYMISED_NAME
    young_person.last_name = f"record {young_person.pk}"
    young_person.date_of_birth = young_person.date_of_birth.replace(month=1, day=1)
    for name in ("became_looked_after_on", "mc_dob"):  # mc_dob: her own child's date of birth (the 903's MC_DOB)
        if getattr(young_person, name):
            setattr(young_person, name, getattr(young_person, name).replace(month=1, day=1))
    young_person.anonymised_on = today
    young_person.full_clean()
    young_person.save()
    if young_person.user_id:
        user = young_person.user
        for field in personal_fields(User):
            setattr(user, field.name, "")
        user.email = f"anonymised-{user.pk}{ANONYMISED_DOMAIN}"
        user.is_active = False
        user.set_unusable_password()
        user.full_clean()
        user.save()
    return young_person


def _about(paths: list[str], row) -> Q:
    """Records with any of these lookups to this row."""
    condition = Q()
    for path in paths:
        condition |= Q(**{path: row})
    return condition


def retention_apply(*, today: date, dry_run: bool = False) -> list[Due]:
    """Anonymise everyone due (or, dry_run, only say who). Returns who was (or would be) anonymised."""
    due = retention_due(today=today)
    if not dry_run:
        for item in due:
            young_person_anonymise(young_person=item.young_person, today=today)
    return due
