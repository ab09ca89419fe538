"""Retention leaves nothing personal behind, walked over every model rather than listed, so a model or field added
later is covered without anyone remembering it.

A model reaches a young person when a chain of foreign keys leads from it to YoungPerson (through any models but
Worker, a member of staff's record), or straight to the young person's login (allauth's addresses), or when it
points at rows by content type and id (the admin's LogEntry). Each of their text, char and email fields is either
cleared by retention or declared in casework.audit.retention.NOT_PERSONAL with its reason (fields with choices are not
personal as a rule). Then the proof: a young person with a record of every such model, marker text in every field,
anonymised; no text column of any table in the database may still hold their names, their address or the marker.
"""
from datetime import date, datetime, timedelta
from datetime import timezone as dt_timezone

import pytest
from allauth.account.models import EmailAddress
from django.apps import apps
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection, models
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from casework.audit.models import AuditEvent
from casework.models import Role, User, Worker, YoungPerson
from casework.audit.retention import NOT_PERSONAL, fields_cleared, young_person_anonymise
from notifications.sweep import sweep
from pledges.ledger.snapshots import ledger_snapshot_take
from pledges.models import LedgerRecomputeRun, LedgerSnapshotEntry

pytestmark = pytest.mark.django_db

MARKER = "Qzmarker7"
NAMES = {"first_name": "Zephyrine", "last_name": "Quillfeather", "preferred_name": "Zeph"}
EMAIL = "zephyrine.quillfeather@example.test"
TEXT_TYPES = (models.CharField, models.TextField)  # EmailField is a CharField


def _links(model):
    return [field for field in model._meta.concrete_fields
            if field.is_relation and (field.many_to_one or field.one_to_one)]


def paths_to(model, target, seen=frozenset()) -> list[str]:
    """Lookups from `model` to a `target` row along foreign keys, not through Worker (nor YoungPerson, on the way
    to a login: the young person's records are walked to YoungPerson itself)."""
    paths = []
    for field in _links(model):
        related = field.related_model
        if related is target:
            paths.append(field.name)
        elif related not in (Worker, YoungPerson, User) and related not in seen and related is not model:
            paths += [f"{field.name}__{rest}" for rest in paths_to(related, target, seen | {model})]
    return paths


def points_by_content_type(model) -> bool:
    names = {field.name for field in model._meta.concrete_fields}
    return any(field.related_model is ContentType for field in _links(model)) and "object_id" in names


def reaching_models() -> dict:
    """{model: (lookups to the young person, lookups to their login)}, walked from every installed model."""
    reached = {}
    for model in apps.get_models():
        to_young_person = paths_to(model, YoungPerson)
        to_login = paths_to(model, User) if model not in (Worker, YoungPerson) else []
        if to_young_person or to_login or points_by_content_type(model):
            reached[model] = (to_young_person, to_login)
    reached[YoungPerson], reached[User] = (["pk"], []), ([], ["pk"])  # the young person and their login themselves
    return reached


def text_fields(model):
    return [field for field in model._meta.concrete_fields if isinstance(field, TEXT_TYPES) and not field.choices]


def label(field):
    return f"{field.model._meta.label}.{field.name}"


def test_every_text_field_reaching_a_young_person_is_cleared_or_declared_not_personal():
    cleared, undeclared = fields_cleared(), []
    for model in reaching_models():
        for field in text_fields(model):
            if label(field) not in cleared and label(field) not in NOT_PERSONAL:
                undeclared.append(label(field))
    assert undeclared == [], "clear these in casework.audit.retention, or add them to NOT_PERSONAL with the reason"


def test_each_field_declared_not_personal_exists_reaches_a_young_person_and_says_why():
    reached = {label(field) for model in reaching_models() for field in text_fields(model)}
    for name, reason in NOT_PERSONAL.items():
        assert name in reached, f"{name}: no such text field on a model that reaches a young person"
        assert len(reason.split()) >= 3, f"{name}: say why it holds nothing about them"
        assert name not in fields_cleared()


# The proof ------------------------------------------------------------------------------------------------------------

def _value(field, model, subject, priya, made, reached):
    """A value for one field of a record made for the subject: the marker in every text, the subject's own rows
    for their foreign keys."""
    if isinstance(field, models.EmailField):
        return f"{MARKER.lower()}.{len(made)}@example.test"
    if isinstance(field, TEXT_TYPES):
        if field.choices:
            return field.choices[0][0]
        if field.name == "object_id":
            return str(subject.pk)
        return (f"{MARKER} {subject.full_name}" if label(field) not in NOT_PERSONAL else "n/a")[:field.max_length]
    if field.is_relation:
        related = field.related_model
        known = {YoungPerson: subject, User: subject.user, Worker: priya,
                 ContentType: ContentType.objects.get_for_model(YoungPerson)}
        if related in known:
            return known[related]
        if related in made:
            return made[related]
        theirs = _rows(related, reached[related], subject) if related in reached else related._base_manager.none()
        return theirs.order_by("pk").first() or related._base_manager.order_by("pk").first()
    if isinstance(field, models.DateTimeField):
        return datetime(2024, 5, 1, 12, tzinfo=dt_timezone.utc)
    if isinstance(field, models.DateField):
        return date(2024, 5, 1)
    if isinstance(field, models.BooleanField):
        return False
    if isinstance(field, (models.IntegerField, models.DecimalField, models.FloatField)):
        return 900 + len(made)  # versions are unique per young person: clear of the demo's
    if isinstance(field, models.JSONField):
        return {}
    if isinstance(field, models.GenericIPAddressField):
        return "192.0.2.1"
    raise AssertionError(f"{label(field)}: teach the test a value for a {type(field).__name__}")


def _rows(model, paths, subject):
    to_young_person, to_login = paths
    condition = models.Q(pk__in=[])
    for path in to_young_person:
        condition |= models.Q(**{path: subject.pk})
    for path in to_login:
        condition |= models.Q(**{path: subject.user_id})
    if points_by_content_type(model):
        condition |= models.Q(content_type=ContentType.objects.get_for_model(YoungPerson), object_id=str(subject.pk))
    return model._base_manager.filter(condition)


@pytest.fixture
def subject():
    """Jade from the demo, renamed so the scan finds nothing by chance, with a login address, staff having looked at
    her pages, the admin having changed her record, and the sweep having told staff about her by name."""
    for command in ("load_pledges", "load_demo_people", "load_demo_reviews", "load_demo_feedback"):
        call_command(command, stdout=open("/dev/null", "w"))
    jade = YoungPerson.objects.get(first_name="Jade")
    YoungPerson.objects.filter(pk=jade.pk).update(**NAMES)
    User.objects.filter(pk=jade.user_id).update(email=EMAIL, first_name=NAMES["first_name"],
                                                last_name=NAMES["last_name"])
    jade.refresh_from_db()
    EmailAddress.objects.create(user=jade.user, email=EMAIL, verified=True, primary=True)
    priya = jade.allocations.get(role=Role.SOCIAL_WORKER, ended_on=None).worker
    client = Client()
    client.force_login(priya.user)
    assert client.get(reverse("young_person_pledge", args=[jade.pk])).status_code == 200
    LogEntry.objects.log_actions(user_id=User.objects.filter(is_superuser=False, worker__role=Role.MANAGER)
                                 .first().pk, queryset=[jade], action_flag=CHANGE,
                                 change_message=f"Changed preferred name to {NAMES['preferred_name']}")
    sweep(now=timezone.now() + timedelta(days=3 * 365))
    # A manager's change being rolled out: the council's ledger rows, hers among them, copied for the dashboard.
    run = LedgerRecomputeRun.objects.create(council=jade.council, reason=LedgerRecomputeRun.Reason.PUBLISH)
    ledger_snapshot_take(run=run)
    run.save()
    assert LedgerSnapshotEntry.objects.filter(young_person=jade).exists()
    return jade, priya


def test_after_anonymising_no_table_holds_their_names_address_or_words(subject):
    jade, priya = subject
    reached = reaching_models()
    made = {}
    for model in sorted(reached, key=lambda m: m._meta.label):
        if model is not YoungPerson and not _rows(model, reached[model], jade).exists():
            made[model] = model._base_manager.create(**{
                field.name: _value(field, model, jade, priya, made, reached) for field in model._meta.concrete_fields
                if not field.primary_key})
    for model, paths in reached.items():
        rows = _rows(model, paths, jade)
        assert rows.exists(), f"{model._meta.label}: the walk's young person has no such record"
        marked = {field.name: f"{MARKER} {jade.full_name}"[:field.max_length] for field in text_fields(model)
                  if label(field) not in NOT_PERSONAL and not isinstance(field, models.EmailField)
                  and not field.unique and model not in (YoungPerson, User)}
        if marked:
            rows.update(**marked)
    audit_before = AuditEvent.objects.filter(young_person=jade).count()
    assert audit_before

    young_person_anonymise(young_person=jade, today=date(2100, 1, 1))

    needles = [MARKER, EMAIL, *NAMES.values()]
    found = [(table, column, needle) for table, column in _text_columns() for needle in needles
             if _holds(table, column, needle)]
    assert found == [], "(table, column, what was left)"
    assert AuditEvent.objects.filter(young_person=jade).count() == audit_before  # the log outlives the record


def _text_columns():
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            for column in connection.introspection.get_table_description(cursor, table):
                kind = connection.introspection.get_field_type(column.type_code, column)
                if kind in ("CharField", "TextField", "EmailField", "JSONField"):
                    yield table, column.name


def _holds(table, column, needle) -> bool:
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        # Cast: JSON columns are searched as their text (PostgreSQL has no UPPER(jsonb)).
        text = f"UPPER(CAST({quote(column)} AS TEXT))"
        cursor.execute(f"SELECT 1 FROM {quote(table)} WHERE {text} LIKE UPPER(%s) LIMIT 1", [f"%{needle}%"])
        return cursor.fetchone() is not None
