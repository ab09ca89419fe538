"""Writes to health checks."""
from datetime import date

from django.db import transaction

from casework.people.models import Worker, YoungPerson
from casework.people.recording import Record, check_may_record

from .models import HealthCheck


@transaction.atomic
def health_check_record(
    *, young_person: YoungPerson, recorded_by: Worker, kind: str, checked_on: date, sdq_score: int | None, note: str,
    sdq_reason: str = "",
) -> HealthCheck:
    """Record a health assessment (initial or review), dental or optician check or SDQ (its score, or the SSDA903
    reason there is none); the ledger's health clocks move."""
    check_may_record(recorded_by, young_person, Record.HEALTH_CHECK)
    check = HealthCheck(young_person=young_person, recorded_by=recorded_by, kind=kind, checked_on=checked_on,
                        sdq_score=sdq_score, sdq_reason=sdq_reason, note=note)
    check.full_clean()
    check.save()
    return check
