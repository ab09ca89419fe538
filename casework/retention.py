"""Retention: once a council's retention period for a young person ends (Council.retain_records_years after
their 18th birthday), their record is anonymised, not deleted. Deleting would punch holes in the council's
promise ledger and the audit log (which must outlive the record: casework.audit); anonymising keeps the counts
and removes the person: names gone, date of birth to 1 January of the year, every free-text note emptied on
every record about them (found as the export finds them: casework.export), the addresses their invitations went
to replaced, and their login closed.

Run daily by Celery beat (notifications.tasks.apply_retention) and by hand with `manage.py apply_retention
--dry-run` to see what it would do.
"""
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import models, transaction
from django.db.models import Q

from .export import exported_models
from .models import Council, YoungPerson
from .working_days import add_months


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


@transaction.atomic
def young_person_anonymise(*, young_person: YoungPerson, today: date) -> YoungPerson:
    """Names removed, date of birth to 1 January, free text emptied on every record about them, login closed."""
    for model, paths in exported_models().items():
        text_fields = [f.name for f in model._meta.concrete_fields if isinstance(f, models.TextField)]
        if text_fields:
            condition = Q()
            for path in paths:
                condition |= Q(**{path: young_person})
            model._base_manager.filter(condition).update(**{name: "" for name in text_fields})
    # The addresses their invitations went to are theirs too (casework.invitations); the rows stay, as counts.
    young_person.invitations.update(email=f"anonymised-{young_person.pk}@anonymised.invalid")
    young_person.first_name = "Anonymised"
    young_person.last_name = f"record {young_person.pk}"
    young_person.preferred_name = ""
    young_person.date_of_birth = young_person.date_of_birth.replace(month=1, day=1)
    if young_person.became_looked_after_on:
        young_person.became_looked_after_on = young_person.became_looked_after_on.replace(month=1, day=1)
    young_person.anonymised_on = today
    young_person.full_clean()
    young_person.save()
    if young_person.user_id:
        user = young_person.user
        user.email = f"anonymised-{user.pk}@anonymised.invalid"
        user.first_name = user.last_name = ""
        user.is_active = False
        user.set_unusable_password()
        user.full_clean()
        user.save()
    return young_person


def retention_apply(*, today: date, dry_run: bool = False) -> list[Due]:
    """Anonymise everyone due (or, dry_run, only say who). Returns who was (or would be) anonymised."""
    due = retention_due(today=today)
    if not dry_run:
        for item in due:
            young_person_anonymise(young_person=item.young_person, today=today)
    return due
