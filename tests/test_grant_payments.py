"""The leaving care grant's payments: a ledger of payments against the council's grant, with what is left. A payment
over what is left needs a manager's approval with a reason; bad input saves nothing, and two payments at once never
together spend more than is left."""
import threading
import time
from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import OperationalError, connection, connections, transaction

from casework.models import GrantPayment
from casework.leaving_care.services import grant_balance, grant_payment_record
from casework.templatetags.money import pounds

from .grant_helpers import GRANT, GrantPaymentFactory, record, today
from .grant_helpers import grant  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db


def messages_of(error: ValidationError) -> list[str]:
    return [message for messages in error.message_dict.values() for message in messages] \
        if hasattr(error, "error_dict") else error.messages


# ---------------------------------------------------------------------------------------------------------------
# Money and the balance
# ---------------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("pence, shown", [
    (200000, "£2,000.00"), (300000, "£3,000.00"), (14999, "£149.99"), (5, "£0.05"), (0, "£0.00"),
    (123456789, "£1,234,567.89"), (-5000, "-£50.00"), (None, ""),
])
def test_pounds_writes_pence_as_pounds_and_pence(pence, shown):
    assert pounds(pence) == shown


def test_the_balance_is_the_grant_less_every_payment_in_one_query(grant, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert grant_balance(grant.leaver) == {"grant": GRANT, "paid": 0, "balance": GRANT}
    record(grant, 15000, what_for="Bed and bedding")
    record(grant, 4999, what_for="Pots and pans")
    record(grant, 1, what_for="A penny")
    # Another young person's payments are not theirs.
    GrantPaymentFactory(young_person=grant.elsewhere_young_person, recorded_by=grant.elsewhere_manager,
                        amount_pence=70000)
    with django_assert_num_queries(1):
        assert grant_balance(grant.leaver) == {"grant": GRANT, "paid": 20000, "balance": 180000}
    assert grant_balance(grant.young_person) == {"grant": GRANT, "paid": 0, "balance": GRANT}


def test_the_balance_follows_the_councils_grant_and_is_empty_while_it_is_not_set(grant):
    record(grant, 50000)
    grant.council.leaving_care_grant_pence = 300000
    grant.council.save()
    assert grant_balance(grant.leaver) == {"grant": 300000, "paid": 50000, "balance": 250000}
    grant.council.leaving_care_grant_pence = None
    grant.council.save()
    assert grant_balance(grant.leaver) == {"grant": None, "paid": 50000, "balance": None}


def test_a_payment_of_exactly_what_is_left_is_allowed_and_leaves_nothing(grant):
    record(grant, 150000)
    payment = record(grant, 50000, what_for="Washing machine")
    assert payment.over_balance_approved_by is None and payment.over_balance_reason == ""
    assert grant_balance(grant.leaver)["balance"] == 0


# ---------------------------------------------------------------------------------------------------------------
# Over the balance: refused unless a manager of the council approves it with a reason
# ---------------------------------------------------------------------------------------------------------------

def test_a_payment_over_what_is_left_is_refused_and_nothing_is_saved(grant):
    record(grant, 150000)
    with pytest.raises(ValidationError) as refused:
        record(grant, 50001, what_for="Sofa")
    assert refused.value.message_dict == {"amount_pence": [
        "This payment of £500.01 is more than what is left of the grant (£500.00). "
        "A manager must approve it and give a reason."]}
    assert list(GrantPayment.objects.values_list("amount_pence", flat=True)) == [150000]


def test_a_manager_of_the_council_may_approve_a_payment_over_the_balance_with_a_reason(grant):
    record(grant, 190000)
    payment = record(grant, 30000, what_for="Deposit for a flat", approved_by=grant.manager,
                     reason="  The flat needed a deposit; agreed at panel.  ")
    payment.refresh_from_db()
    assert payment.recorded_by == grant.adviser
    assert payment.over_balance_approved_by == grant.manager
    assert payment.over_balance_reason == "The flat needed a deposit; agreed at panel."
    assert grant_balance(grant.leaver) == {"grant": GRANT, "paid": 220000, "balance": -20000}
    # Once over, any further payment is over too and needs its own approval.
    with pytest.raises(ValidationError, match=r"more than what is left of the grant \(£0.00\)"):
        record(grant, 1)


@pytest.mark.parametrize("reason", ["", "   "])
def test_a_managers_approval_without_a_reason_is_refused(grant, reason):
    record(grant, 190000)
    with pytest.raises(ValidationError) as refused:
        record(grant, 30000, approved_by=grant.manager, reason=reason)
    assert refused.value.message_dict == {
        "over_balance_reason": ["Enter why you are approving a payment over what is left of the grant."]}
    assert GrantPayment.objects.count() == 1


@pytest.mark.parametrize("approver", ["social_worker", "adviser", "iro", "elsewhere_manager"])
def test_an_approval_by_anyone_but_a_manager_of_the_council_is_refused(grant, approver):
    record(grant, 190000)
    with pytest.raises(ValidationError) as refused:
        record(grant, 30000, approved_by=getattr(grant, approver), reason="Because")
    assert refused.value.message_dict == {"amount_pence": [
        "This payment of £300.00 is more than what is left of the grant (£100.00). "
        "Only a manager from Testshire can approve it."]}
    assert GrantPayment.objects.count() == 1


def test_a_managers_approval_of_a_payment_within_the_balance_is_not_needed_and_not_kept(grant):
    payment = record(grant, 30000, approved_by=grant.manager, reason="Just in case")
    assert payment.over_balance_approved_by is None and payment.over_balance_reason == ""


def test_the_model_refuses_an_approval_without_a_manager_or_a_reason(grant):
    payment = GrantPayment(young_person=grant.leaver, recorded_by=grant.adviser, paid_on=today(),
                           amount_pence=100, what_for="Kettle", over_balance_approved_by=grant.social_worker,
                           over_balance_reason="")
    with pytest.raises(ValidationError) as refused:
        payment.full_clean()
    assert set(refused.value.message_dict) == {"over_balance_approved_by", "over_balance_reason"}


# ---------------------------------------------------------------------------------------------------------------
# Bad input saves nothing
# ---------------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("change, field, message", [
    ({"paid_on": "tomorrow"}, "paid_on", "The date paid must be today or in the past."),
    ({"paid_on": date(2006, 4, 30)}, "paid_on", "The date paid must be after their date of birth."),
    ({"amount_pence": 0}, "amount_pence", "The amount must be more than £0."),
    ({"amount_pence": -500}, "amount_pence", "The amount must be more than £0."),
    ({"what_for": ""}, "what_for", "This field cannot be blank."),
    ({"what_for": "   "}, "what_for", "Enter what the payment was for."),
    ({"what_for": "x" * 201}, "what_for", "Ensure this value has at most 200 characters (it has 201)."),
])
def test_the_service_refuses_bad_input_and_saves_nothing(grant, change, field, message):
    fields = {"young_person": grant.leaver, "recorded_by": grant.adviser, "paid_on": today(),
              "amount_pence": 1000, "what_for": "Kettle"}
    fields.update(change)
    if fields["paid_on"] == "tomorrow":
        fields["paid_on"] = today() + timedelta(days=1)
    if isinstance(fields["recorded_by"], str):
        fields["recorded_by"] = getattr(grant, fields["recorded_by"])
    with pytest.raises(ValidationError) as refused:
        grant_payment_record(**fields)
    assert message in refused.value.message_dict[field]
    assert GrantPayment.objects.count() == 0


def test_a_worker_from_another_council_cannot_record_a_payment(grant):
    with pytest.raises(PermissionDenied, match="Only the young person's social worker or personal adviser"):
        grant_payment_record(young_person=grant.leaver, recorded_by=grant.elsewhere_manager, paid_on=today(),
                             amount_pence=1000, what_for="Kettle")
    assert GrantPayment.objects.count() == 0


def test_a_payment_on_their_date_of_birth_and_one_today_are_allowed(grant):
    record(grant, 100, paid_on=date(2006, 5, 1))
    record(grant, 100, paid_on=today())
    assert GrantPayment.objects.count() == 2


def test_no_payment_is_recorded_while_the_councils_grant_is_not_set(grant):
    grant.council.leaving_care_grant_pence = None
    grant.council.save()
    with pytest.raises(ValidationError) as refused:
        record(grant, 1000, approved_by=grant.manager, reason="Anyway")
    assert refused.value.messages == ["The council's leaving care grant is not set. Ask a manager to set it."]
    assert GrantPayment.objects.count() == 0


def test_the_database_refuses_a_zero_payment_and_an_approval_without_a_reason(grant):
    """The check constraints hold even for a write that skips the service."""
    from django.db import IntegrityError

    with pytest.raises(IntegrityError), transaction.atomic():
        GrantPayment.objects.create(young_person=grant.leaver, recorded_by=grant.adviser, paid_on=today(),
                                    amount_pence=0, what_for="Nothing")
    with pytest.raises(IntegrityError), transaction.atomic():
        GrantPayment.objects.create(young_person=grant.leaver, recorded_by=grant.adviser, paid_on=today(),
                                    amount_pence=100, what_for="Kettle", over_balance_approved_by=grant.manager)
    assert GrantPayment.objects.count() == 0


# ---------------------------------------------------------------------------------------------------------------
# Two payments at once
# ---------------------------------------------------------------------------------------------------------------

def _waiting_on_a_lock() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                       "AND wait_event_type = 'Lock'")
        return cursor.fetchone()[0] > 0


@pytest.mark.django_db(transaction=True)
def test_two_payments_at_once_that_together_exceed_the_balance_only_one_is_saved(grant):
    """The first payment is recorded and its transaction held open; the second is recorded meanwhile. On
    PostgreSQL the second waits on the young person's row lock and, once the first commits, is checked against the
    balance the first left, and refused. (Without the lock it would read the balance before the first payment and
    both would be saved.) SQLite locks the whole database instead: the second writer is refused there too."""
    first_saved, release = threading.Event(), threading.Event()
    outcomes: dict[str, object] = {}

    def first():
        try:
            with transaction.atomic():
                record(grant, 150000, what_for="Bed and sofa")
                first_saved.set()
                release.wait(timeout=30)
            outcomes["first"] = "saved"
        except Exception as error:  # reported below: a thread's exception would otherwise vanish
            outcomes["first"] = error
        finally:
            first_saved.set()
            connections.close_all()

    def second():
        first_saved.wait(timeout=30)
        try:
            record(grant, 100000, what_for="Washing machine")
            outcomes["second"] = "saved"
        except Exception as error:
            outcomes["second"] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    assert first_saved.wait(timeout=30)
    if connection.vendor == "postgresql":
        deadline = time.monotonic() + 20
        while not _waiting_on_a_lock() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert _waiting_on_a_lock(), "the second payment should be waiting on the young person's row lock"
    else:
        time.sleep(0.5)
    release.set()
    for thread in threads:
        thread.join(timeout=60)

    assert outcomes["first"] == "saved"
    refused = outcomes["second"]
    if connection.vendor == "postgresql":
        assert isinstance(refused, ValidationError), refused
        assert "This payment of £1,000.00 is more than what is left of the grant (£500.00)." in messages_of(refused)[0]
    else:
        assert isinstance(refused, (ValidationError, OperationalError)), refused
    assert list(GrantPayment.objects.values_list("what_for", flat=True)) == ["Bed and sofa"]
    assert grant_balance(grant.leaver)["balance"] == 50000


@pytest.mark.django_db(transaction=True)
def test_two_payments_started_together_that_exceed_the_balance_only_one_is_saved(grant):
    start = threading.Barrier(2)
    outcomes = []

    def pay(what_for):
        try:
            start.wait(timeout=30)
            record(grant, 120000, what_for=what_for)
            outcomes.append("saved")
        except Exception as error:
            outcomes.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=pay, args=(what,)) for what in ("Bed", "Sofa")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert outcomes.count("saved") == 1, outcomes
    refused = next(outcome for outcome in outcomes if outcome != "saved")
    expected = (ValidationError,) if connection.vendor == "postgresql" else (ValidationError, OperationalError)
    assert isinstance(refused, expected), refused
    assert GrantPayment.objects.count() == 1
    assert grant_balance(grant.leaver)["balance"] == 80000
