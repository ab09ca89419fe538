"""What the leaving care grant's tests share (tests/test_grant_payments.py, tests/test_grant_pages.py): a
council's grant, a payment recorded against it, and reading a page or a refusal."""
from datetime import date

import factory
import pytest
from django.utils import timezone

from casework.models import GrantPayment, LegalStatus, Role
from casework.leaving_care.services import grant_payment_record

from .factories import AllocationFactory, WorkerFactory, YoungPersonFactory

GRANT = 200000  # £2,000.00, Barking and Dagenham's grant


class GrantPaymentFactory(factory.django.DjangoModelFactory):
    """A payment straight into the table (the service is tested on its own in tests/test_grant_payments.py)."""

    class Meta:
        model = GrantPayment

    paid_on = date(2025, 3, 1)
    amount_pence = 10000
    what_for = factory.Sequence(lambda n: f"Thing {n}")


def today():
    return timezone.localdate()


@pytest.fixture
def grant(people):
    """The first council's grant set to £2,000; a care leaver there with a personal adviser."""
    people.council.leaving_care_grant_pence = GRANT
    people.council.save()
    people.adviser = WorkerFactory(council=people.council, team=people.team, name="Femi Adviser",
                                   role=Role.PERSONAL_ADVISER, phone="01632 960401", mobile="07700 900401")
    people.leaver = YoungPersonFactory(council=people.council, first_name="Amara", last_name="Oak",
                                       legal_status=LegalStatus.CARE_LEAVER, date_of_birth=date(2006, 5, 1),
                                       became_looked_after_on=date(2015, 1, 1))
    AllocationFactory(young_person=people.leaver, worker=people.adviser)
    return people


def record(people, amount_pence, *, young_person=None, recorded_by=None, paid_on=None, what_for="Bed and bedding",
           **approval):
    return grant_payment_record(
        young_person=young_person or people.leaver, recorded_by=recorded_by or people.adviser,
        paid_on=paid_on or today(), amount_pence=amount_pence, what_for=what_for, **approval,
    )
